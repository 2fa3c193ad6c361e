package io.courtyard.acl;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.AclApplied;
import io.courtyard.journal.event.AclRefused;
import io.courtyard.journal.event.EventKind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Journals what the updater did: applied versions as DEVICE events (upstream learns which list the
 * gateway enforces), refusals as ALARM (signature, site, replay) or DEVICE events. Refusals are
 * limited to one event per reason per minute, carrying how many were suppressed meanwhile: a
 * flood of forged messages must not fill the journal with alarms that are never purged. The
 * metrics count every one.
 */
final class AclReports {
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final EventSink events;
    private final Clock clock;
    private final Map<AclUpdater.Refusal, Instant> lastReported = new EnumMap<>(AclUpdater.Refusal.class);
    private final Map<AclUpdater.Refusal, Integer> suppressed = new EnumMap<>(AclUpdater.Refusal.class);

    AclReports(EventSink events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    void applied(AclMessage m, long from, String origin, int dangling) {
        events.append(EventDraft.at(
                "gateway",
                clock.instant(),
                new AclApplied(
                        type(m),
                        from,
                        m.version(),
                        m.upserts().size(),
                        m.removals().values().stream().mapToInt(List::size).sum(),
                        dangling,
                        origin)));
    }

    /** A list another process stored (an {@code acl import}) is now enforced here. */
    void reloaded(long from, long to) {
        events.append(
                EventDraft.at("gateway", clock.instant(), new AclApplied(null, from, to, null, null, null, "store")));
    }

    /**
     * Journals a refusal unless one of that reason was journaled less than {@link #INTERVAL} ago;
     * returns how many were suppressed before this one, or -1 when this one is suppressed.
     */
    synchronized int refused(AclUpdater.Refusal r, String detail, AclMessage m, long current, String origin) {
        Instant now = clock.instant();
        Instant last = lastReported.get(r);
        if (last != null && now.isBefore(last.plus(INTERVAL))) {
            suppressed.merge(r, 1, Integer::sum);
            return -1;
        }
        lastReported.put(r, now);
        int skipped = suppressed.getOrDefault(r, 0);
        suppressed.remove(r);
        events.append(EventDraft.at(
                "gateway",
                now,
                new AclRefused(
                        r.alarming() ? EventKind.ALARM : EventKind.DEVICE,
                        r.tag(),
                        printable(detail),
                        current,
                        m == null ? null : type(m),
                        m == null ? null : m.version(),
                        printable(origin),
                        skipped)));
        return skipped;
    }

    private static AclApplied.MessageType type(AclMessage m) {
        return AclApplied.MessageType.valueOf(m.type().name());
    }

    /** Control characters become spaces: the detail may quote an unauthenticated message. */
    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 ? ' ' : c);
        }
        return sb.toString();
    }
}

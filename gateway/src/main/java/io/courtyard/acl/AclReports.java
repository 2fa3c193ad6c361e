package io.courtyard.acl;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventKind;
import io.courtyard.journal.EventSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
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
        Instant now = clock.instant();
        String body = "{\"acl\":\"applied\",\"type\":\"" + m.type().name().toLowerCase(java.util.Locale.ROOT)
                + "\",\"from\":" + from + ",\"version\":" + m.version() + ",\"entries\":"
                + m.upserts().size()
                + ",\"removals\":"
                + m.removals().values().stream().mapToInt(java.util.List::size).sum()
                + ",\"dangling\":" + dangling + ",\"origin\":" + quote(origin) + "}";
        events.append(new EventDraft(EventKind.DEVICE, "gateway", now, now, body));
    }

    /** A list another process stored (an {@code acl import}) is now enforced here. */
    void reloaded(long from, long to) {
        Instant now = clock.instant();
        events.append(new EventDraft(
                EventKind.DEVICE,
                "gateway",
                now,
                now,
                "{\"acl\":\"applied\",\"from\":" + from + ",\"version\":" + to + ",\"origin\":\"store\"}"));
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
        String body = "{\"acl\":\"refused\",\"reason\":\"" + r.tag() + "\",\"detail\":" + quote(detail)
                + ",\"current\":" + current
                + (m == null
                        ? ""
                        : ",\"type\":\"" + m.type().name().toLowerCase(java.util.Locale.ROOT) + "\",\"version\":"
                                + m.version())
                + ",\"origin\":" + quote(origin) + ",\"suppressedBefore\":" + skipped + "}";
        events.append(new EventDraft(r.alarming() ? EventKind.ALARM : EventKind.DEVICE, "gateway", now, now, body));
        return skipped;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        sb.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

package io.courtyard.device.lpr;

import io.courtyard.access.Reason;
import io.courtyard.device.lpr.push.Answer;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.CameraOffline;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.PlateReadDecided;
import io.courtyard.journal.event.PlateWithheld;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds, at startup and from the journal alone, what the camera room must remember across a
 * restart: the recorded reads of the idempotency window with the answer each got (so a push
 * repeated after a crash is still answered the same and journaled once), and which cameras were
 * last reported offline (so their return is reported). Reads the typed events newest first, and
 * stops at the window's start or the ledger's size.
 */
final class SeenPushes {
    private SeenPushes() {}

    /** What was loaded. */
    record Loaded(int reads, Set<String> offline) {}

    static Loaded load(Connection c, Set<String> barriers, PushLedger ledger, Duration window, int max, Instant now)
            throws SQLException {
        Instant cutoff = now.minus(window);
        long nowNanos = System.nanoTime();
        List<JournalEvent> found = new ArrayList<>();
        JournalReader.newestFirst(c, EnumSet.of(EventType.PLATE_READ, EventType.PLATE_WITHHELD), e -> {
            if (e.receivedAt().isBefore(cutoff)) {
                return false;
            }
            if (barriers.contains(e.deviceId())) {
                found.add(e);
            }
            return found.size() < max;
        });
        // Oldest first, so a withheld event overrides the read it withheld and the ledger trims the oldest.
        Collections.reverse(found);
        int reads = 0;
        for (JournalEvent e : found) {
            Instant received = e.receivedAt();
            long receivedNanos = nowNanos - Duration.between(received, now).toNanos();
            // An unreadable row of those types is neither: nothing to remember from it.
            if (e.event() instanceof PlateWithheld w) {
                ledger.withheld(w.key(), Answer.shut(null, false));
            } else if (e.event() instanceof PlateReadDecided r) {
                Reason reason = reason(r.reason());
                Answer a = r.open() ? Answer.open(reason) : Answer.shut(reason, r.replay());
                ledger.recorded(r.key(), fingerprint(r), receivedNanos, a);
                reads++;
            }
        }
        return new Loaded(reads, offline(c, barriers));
    }

    /** {@code PlateRead.maskedFingerprint()} from what the event kept (the plate is masked there). */
    static String fingerprint(PlateReadDecided r) {
        return "~" + (r.plate() == null ? "" : r.plate()) + "|" + r.confidence();
    }

    /** The barriers whose last camera-offline alarm was a raise. */
    private static Set<String> offline(Connection c, Set<String> barriers) throws SQLException {
        Map<String, Boolean> last = new HashMap<>();
        JournalReader.newestFirst(c, EnumSet.of(EventType.CAMERA_OFFLINE), e -> {
            if (barriers.contains(e.deviceId())
                    && !last.containsKey(e.deviceId())
                    && e.event() instanceof CameraOffline o) {
                last.put(e.deviceId(), o.state() == AlarmState.RAISED);
            }
            return last.size() < barriers.size();
        });
        Set<String> out = new HashSet<>();
        last.forEach((d, raised) -> {
            if (raised) {
                out.add(d);
            }
        });
        return out;
    }

    private static Reason reason(String code) {
        for (Reason r : Reason.values()) {
            if (r.code().equals(code)) {
                return r;
            }
        }
        return null;
    }
}

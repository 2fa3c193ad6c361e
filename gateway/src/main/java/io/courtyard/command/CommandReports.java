package io.courtyard.command;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The reporting budget for refusals found before a command was accepted. Anyone who can publish on
 * the topic can make those (forged, unsigned, oversized messages; replays of captured commands),
 * so each reason gets a few reports per minute, and the next report says how many were left out.
 * A message that did not prove the key gets one report per reason per minute; a verified one (a
 * stale, replayed or out-of-order command of the platform's own) gets {@link #VERIFIED_PER_WINDOW},
 * so that the platform usually learns why its command did not run.
 */
final class CommandReports {
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int VERIFIED_PER_WINDOW = 10;

    private static final class Budget {
        Instant windowStart = Instant.EPOCH;
        int used;
        int suppressed;
    }

    private final Map<String, Budget> budgets = new HashMap<>();

    /**
     * Whether this refusal is reported: -1 when it is only counted, else how many refusals of the
     * same reason went unreported since its last report.
     */
    synchronized int permit(String reason, boolean verified, Instant now) {
        Budget b = budgets.computeIfAbsent(reason + (verified ? "" : "?"), k -> new Budget());
        if (!now.isBefore(b.windowStart.plus(WINDOW)) || now.isBefore(b.windowStart)) {
            b.windowStart = now;
            b.used = 0;
        }
        if (b.used >= (verified ? VERIFIED_PER_WINDOW : 1)) {
            b.suppressed++;
            return -1;
        }
        b.used++;
        int before = b.suppressed;
        b.suppressed = 0;
        return before;
    }
}

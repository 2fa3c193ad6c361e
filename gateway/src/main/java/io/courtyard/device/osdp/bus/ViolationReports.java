package io.courtyard.device.osdp.bus;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PD's Secure Channel violations: every one counted; the first logged at WARN and reported to
 * the listeners (the journal makes it an alarm), then at most one a minute carrying how many were
 * held back. Someone injecting on the line can break a session as fast as it is opened again: the
 * meter shows the rate, the journal is not flooded. Confined to the bus's event loop.
 */
final class ViolationReports {
    static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(ViolationReports.class);

    private final Pd pd;
    private final OsdpListener listener;
    private final BusMetrics metrics;
    private boolean reported;
    private long reportedAt;
    private int suppressed;
    /** Read by /health from other threads. */
    private volatile long total;

    ViolationReports(Pd pd, OsdpListener listener, BusMetrics metrics) {
        this.pd = pd;
        this.listener = listener;
        this.metrics = metrics;
    }

    void report(Violation violation, String detail, Instant at, long now) {
        metrics.violation(violation);
        total++;
        if (reported && now - reportedAt < REPORT_EVERY_NANOS) {
            suppressed++;
            log.debug("{}: Secure Channel violation ({}): {}", pd, violation.tag(), detail);
            return;
        }
        log.warn(
                "{}: Secure Channel violation ({}): {}; nothing it carried is used, the session is broken and"
                        + " opened again ({} more since the last report)",
                pd,
                violation.tag(),
                detail,
                suppressed);
        listener.secureChannelViolation(pd, violation, detail, suppressed, at);
        reported = true;
        reportedAt = now;
        suppressed = 0;
    }

    long total() {
        return total;
    }
}

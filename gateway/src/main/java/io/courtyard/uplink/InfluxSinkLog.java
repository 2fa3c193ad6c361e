package io.courtyard.uplink;

import com.influxdb.exceptions.InfluxException;
import io.courtyard.journal.JournalEvent;
import io.courtyard.uplink.InfluxSinkMetrics.Cause;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the InfluxDB sink tells the operator: a line when writes start failing, when the reason
 * changes and when they succeed again, never one per retry; the metrics count every attempt.
 * Used by the sink's thread only.
 */
final class InfluxSinkLog {
    private static final Logger log = LoggerFactory.getLogger(InfluxSink.class);
    private static final long UNWRITABLE_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Why one attempt failed, in words an operator can act on. */
    record Failure(Cause cause, String detail) {
        /** From what the client threw; anything but an HTTP answer counts as unreachable. */
        static Failure of(RuntimeException thrown) {
            if (!(thrown instanceof InfluxException e)) {
                return new Failure(Cause.UNREACHABLE, thrown.toString());
            }
            int status = e.status();
            Cause cause = status == 0 ? Cause.UNREACHABLE : status < 500 ? Cause.REJECTED : Cause.SERVER;
            String detail = status == 0
                    ? (e.getCause() != null ? e.getCause().toString() : e.getMessage())
                    : "HTTP " + status + (e.getMessage() != null ? ": " + e.getMessage() : "");
            return new Failure(cause, detail);
        }
    }

    private Cause failing;
    private long attempts;
    private long failingSince;
    private long unwritableLoggedAt;
    private long unwritableSinceLog;

    void failed(Failure f) {
        attempts++;
        if (f.cause() == failing) {
            return;
        }
        if (failing == null) {
            failingSince = System.nanoTime();
        }
        failing = f.cause();
        if (f.cause() == Cause.REJECTED) {
            log.error("influx sink: server rejects writes ({}); retrying with backoff until fixed", f.detail());
        } else {
            log.warn(
                    "influx sink: writes failing ({}: {}); retrying with backoff",
                    f.cause().tag(),
                    f.detail());
        }
    }

    void recovered() {
        if (failing == null) {
            return;
        }
        log.info(
                "influx sink: writes succeed again after {} failed attempts in {} ms",
                attempts,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failingSince));
        failing = null;
        attempts = 0;
    }

    /** A device with a broken clock sends many such events: one line a minute, the counter has the rest. */
    void unwritable(JournalEvent e) {
        unwritableSinceLog++;
        long now = System.nanoTime();
        if (unwritableSinceLog == 1 && unwritableLoggedAt == 0
                || now - unwritableLoggedAt >= UNWRITABLE_INTERVAL_NANOS) {
            log.warn(
                    "influx sink: {} event(s) with a device time outside InfluxDB's range acknowledged unwritten;"
                            + " latest {} from {} at {}",
                    unwritableSinceLog,
                    e.id(),
                    e.deviceId(),
                    e.ts());
            unwritableLoggedAt = now;
            unwritableSinceLog = 0;
        }
    }
}

package io.courtyard.uplink;

import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the backlog while it drains: remaining events, rate and ETA, logged every few seconds
 * and published as gauges. A drain starts when more than {@code threshold} events are pending and
 * ends when the backlog is back at or below it, so steady live traffic does not log at all.
 */
final class DrainProgress {
    private static final Logger log = LoggerFactory.getLogger(DrainProgress.class);
    /** Weight of the newest sample in the smoothed rate: reacts within a few samples, ignores one blip. */
    private static final double ALPHA = 0.3;
    /**
     * Nothing acknowledged for this long (the link is down): the rate is 0 and the ETA unknown. The
     * smoothed rate alone only decays towards 0, and during a minute's outage the log gave "0.0
     * events/s, ETA 22454595474.6 s".
     */
    private static final long STALL_NANOS = 2_000_000_000L;

    private final String sink;
    private final long threshold;
    private final long logEveryNanos;
    private final UplinkMetrics metrics;

    private long lastNanos = Long.MIN_VALUE;
    private long lastPublished;
    /** When the acknowledged total last grew (or the first update). */
    private long lastProgressNanos = Long.MIN_VALUE;

    private double rate;
    private boolean draining;
    private long drainStartNanos;
    private long drainStartPublished;
    private long lastLogNanos;

    DrainProgress(String sink, long threshold, Duration logEvery, UplinkMetrics metrics) {
        this.sink = sink;
        this.threshold = threshold;
        this.logEveryNanos = logEvery.toNanos();
        this.metrics = metrics;
    }

    /** Called by the sink's thread a few times per second with the journal's pending count and the acked total. */
    void update(long pending, long published, long nowNanos) {
        if (lastNanos != Long.MIN_VALUE && nowNanos > lastNanos) {
            double sample = (published - lastPublished) * 1e9 / (nowNanos - lastNanos);
            rate = rate == 0 ? sample : ALPHA * sample + (1 - ALPHA) * rate;
        }
        if (lastProgressNanos == Long.MIN_VALUE || published > lastPublished) {
            lastProgressNanos = nowNanos;
        } else if (nowNanos - lastProgressNanos >= STALL_NANOS) {
            rate = 0; // and when acknowledgements resume, the rate starts from their first sample
        }
        lastNanos = nowNanos;
        lastPublished = published;
        double eta = pending == 0 ? 0 : rate > 0 ? pending / rate : Double.POSITIVE_INFINITY;
        metrics.drain(rate, Double.isInfinite(eta) ? -1 : eta);

        if (!draining && pending > threshold) {
            draining = true;
            drainStartNanos = nowNanos;
            drainStartPublished = published;
            lastLogNanos = nowNanos;
            log.info("uplink {}: backlog of {} events, draining", sink, pending);
        } else if (draining && pending <= threshold) {
            draining = false;
            double secs = (nowNanos - drainStartNanos) / 1e9;
            long sent = published - drainStartPublished;
            log.info(
                    "uplink {}: backlog drained: {} events in {} s ({} events/s), {} pending",
                    sink,
                    sent,
                    fmt(secs),
                    fmt(secs > 0 ? sent / secs : 0),
                    pending);
        } else if (draining && nowNanos - lastLogNanos >= logEveryNanos) {
            lastLogNanos = nowNanos;
            log.info(
                    "uplink {}: draining: {} events remaining, {} events/s, ETA {}",
                    sink,
                    pending,
                    fmt(rate),
                    Double.isInfinite(eta)
                            ? "unknown (nothing acknowledged for " + fmt((nowNanos - lastProgressNanos) / 1e9) + " s)"
                            : fmt(eta) + " s");
        }
    }

    boolean draining() {
        return draining;
    }

    double rate() {
        return rate;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}

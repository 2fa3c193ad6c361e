package io.courtyard.uplink;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential backoff with full jitter, the n-th delay uniform in
 * {@code [0, min(cap, base * 2^n)]}. Full jitter spreads the reconnects of many gateways after a
 * broker restart instead of having them all knock at the same instants.
 */
final class Backoff {
    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int attempt;

    Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff: need 0 < base <= cap, found base=" + base + " cap=" + cap);
        }
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The ceiling of the next delay, before jitter. */
    long ceilingMillis() {
        // Shifts past 30 would overflow long arithmetic long after the cap is reached anyway.
        long grown = baseMillis << Math.min(attempt, 30);
        return grown <= 0 ? capMillis : Math.min(capMillis, grown);
    }

    Duration next() {
        long ceiling = ceilingMillis();
        attempt++;
        return Duration.ofMillis(random.nextLong(ceiling + 1));
    }

    void reset() {
        attempt = 0;
    }
}

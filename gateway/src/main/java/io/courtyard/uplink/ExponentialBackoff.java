package io.courtyard.uplink;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Retry delays that double from {@code initial} up to {@code max}, with "equal jitter": each delay
 * is half the current step plus a random share of the other half, so that many gateways cut off
 * by the same upstream outage do not reconnect in lockstep, yet none retries sooner than half a
 * step.
 */
public final class ExponentialBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private final LongUnaryOperator random;
    private long stepMillis;

    /** @param random given a bound {@code n > 0}, returns a value in {@code [0, n)}; a seam for tests */
    ExponentialBackoff(Duration initial, Duration max, LongUnaryOperator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "backoff: initial must be > 0 and max >= initial, found initial=" + initial + " max=" + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
        this.stepMillis = initialMillis;
    }

    public ExponentialBackoff(Duration initial, Duration max) {
        this(initial, max, n -> ThreadLocalRandom.current().nextLong(n));
    }

    /** The delay before the next attempt; each call doubles the step until it reaches the maximum. */
    public Duration next() {
        long half = stepMillis / 2;
        long delay = half + random.applyAsLong(stepMillis - half + 1);
        stepMillis = Math.min(maxMillis, stepMillis * 2);
        return Duration.ofMillis(delay);
    }

    /** After a success: the next failure starts over at the initial delay. */
    public void reset() {
        stepMillis = initialMillis;
    }
}

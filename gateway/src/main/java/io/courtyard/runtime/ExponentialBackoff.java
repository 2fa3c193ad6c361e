package io.courtyard.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Retry delays whose ceiling doubles from {@code initial} up to {@code max}, jittered so that many
 * gateways cut off by the same upstream outage do not reconnect in lockstep.
 *
 * <ul>
 *   <li>{@link Jitter#EQUAL}: half the ceiling plus a random share of the other half; no retry
 *       comes sooner than half a step (the InfluxDB sink: its writes are cheap to retry).
 *   <li>{@link Jitter#FULL}: uniform in {@code [0, ceiling]}; spreads a crowd the most, at the
 *       price of an occasional near-immediate retry (the MQTT sink: a broker restart sees every
 *       compound's gateway reconnect at once).
 * </ul>
 */
public final class ExponentialBackoff {
    /** How a delay is drawn below the current ceiling. */
    public enum Jitter {
        EQUAL,
        FULL
    }

    private final long initialMillis;
    private final long maxMillis;
    private final Jitter jitter;
    private final LongUnaryOperator random;
    private long stepMillis;

    /** @param random given a bound {@code n > 0}, returns a value in {@code [0, n)}; a seam for tests */
    ExponentialBackoff(Duration initial, Duration max, Jitter jitter, LongUnaryOperator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException(
                    "backoff: initial must be > 0 and max >= initial, found initial=" + initial + " max=" + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.jitter = jitter;
        this.random = random;
        this.stepMillis = initialMillis;
    }

    ExponentialBackoff(Duration initial, Duration max, LongUnaryOperator random) {
        this(initial, max, Jitter.EQUAL, random);
    }

    public ExponentialBackoff(Duration initial, Duration max) {
        this(initial, max, Jitter.EQUAL);
    }

    public ExponentialBackoff(Duration initial, Duration max, Jitter jitter) {
        this(initial, max, jitter, n -> ThreadLocalRandom.current().nextLong(n));
    }

    /** The delay before the next attempt; each call doubles the ceiling until it reaches the maximum. */
    public Duration next() {
        long floor = jitter == Jitter.EQUAL ? stepMillis / 2 : 0;
        long delay = floor + random.applyAsLong(stepMillis - floor + 1);
        stepMillis = Math.min(maxMillis, stepMillis * 2);
        return Duration.ofMillis(delay);
    }

    /** After a success: the next failure starts over at the initial delay. */
    public void reset() {
        stepMillis = initialMillis;
    }
}

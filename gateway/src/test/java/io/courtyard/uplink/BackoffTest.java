package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff =
            new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60), new SplittableRandom(7));

    @Test
    void ceilingDoublesFromBaseUpToTheCap() {
        long[] expected = {500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
        for (long e : expected) {
            assertEquals(e, backoff.ceilingMillis());
            backoff.next();
        }
        for (int i = 0; i < 100; i++) {
            backoff.next();
        }
        assertEquals(60000, backoff.ceilingMillis(), "no overflow after many attempts");
    }

    @Test
    void delaysAreFullJitterBelowTheCeiling() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            backoff.reset();
            for (int k = 0; k < 3; k++) {
                backoff.next();
            }
            long d = backoff.next().toMillis(); // fourth attempt: ceiling 4000 ms
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 0 && min < 400, "spread reaches near zero, found min " + min);
        assertTrue(max <= 4000 && max > 3600, "spread reaches the ceiling, found max " + max);
    }

    @Test
    void resetStartsOverAtBase() {
        backoff.next();
        backoff.next();
        backoff.reset();
        assertEquals(500, backoff.ceilingMillis());
    }

    @Test
    void nonsenseBoundsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), new SplittableRandom()));
    }
}

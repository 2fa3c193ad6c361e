package io.courtyard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExponentialBackoffTest {

    @Test
    void delaysDoubleUpToTheMaximumWithinHalfAStepOfJitter() {
        ExponentialBackoff lowest = new ExponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(1000), n -> 0);
        ExponentialBackoff highest =
                new ExponentialBackoff(Duration.ofMillis(100), Duration.ofMillis(1000), n -> n - 1);
        long[] steps = {100, 200, 400, 800, 1000, 1000};
        for (long step : steps) {
            assertEquals(step / 2, lowest.next().toMillis());
            assertEquals(step, highest.next().toMillis());
        }
    }

    @Test
    void realJitterStaysWithinBounds() {
        ExponentialBackoff b = new ExponentialBackoff(Duration.ofMillis(10), Duration.ofMillis(40));
        for (int i = 0; i < 1000; i++) {
            long d = b.next().toMillis();
            assertTrue(d >= 5 && d <= 40, "delay " + d);
        }
    }

    @Test
    void resetStartsOverAtTheInitialDelay() {
        ExponentialBackoff b = new ExponentialBackoff(Duration.ofMillis(100), Duration.ofSeconds(10), n -> n - 1);
        b.next();
        b.next();
        b.reset();
        assertEquals(100, b.next().toMillis());
    }

    @Test
    void nonsenseBoundsAreRefusedWithTheValuesFound() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> new ExponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("initial=PT2S max=PT1S"), e.getMessage());
    }

    @Test
    void fullJitterSpreadsFromZeroToTheCeilingWhichDoublesToTheCap() {
        var lowest = new ExponentialBackoff(
                Duration.ofMillis(500), Duration.ofSeconds(60), ExponentialBackoff.Jitter.FULL, n -> 0);
        var highest = new ExponentialBackoff(
                Duration.ofMillis(500), Duration.ofSeconds(60), ExponentialBackoff.Jitter.FULL, n -> n - 1);
        long[] ceilings = {500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000};
        for (long c : ceilings) {
            assertEquals(0, lowest.next().toMillis());
            assertEquals(c, highest.next().toMillis());
        }
    }

    @Test
    void fullJitterWithRealRandomnessCoversTheRange() {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 2000; i++) {
            var b = new ExponentialBackoff(
                    Duration.ofMillis(1000), Duration.ofSeconds(60), ExponentialBackoff.Jitter.FULL);
            long d = b.next().toMillis();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min < 100 && max > 900 && max <= 1000, "min " + min + ", max " + max);
    }

    @Test
    void manyAttemptsNeverOverflowTheCap() {
        var b = new ExponentialBackoff(
                Duration.ofMillis(500), Duration.ofSeconds(60), ExponentialBackoff.Jitter.FULL, n -> n - 1);
        for (int i = 0; i < 200; i++) {
            b.next();
        }
        assertEquals(60_000, b.next().toMillis());
    }
}

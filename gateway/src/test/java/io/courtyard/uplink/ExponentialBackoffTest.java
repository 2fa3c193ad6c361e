package io.courtyard.uplink;

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
}

package io.courtyard.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeWindowTest {
    @Test
    void parsesAndPrintsWindows() {
        assertEquals("08:00-18:00", TimeWindow.parse("08:00-18:00").toString());
        assertEquals("08:00:30-18:00", TimeWindow.parse("08:00:30-18:00:00").toString());
        assertEquals("00:00-24:00", TimeWindow.parse("00:00-24:00").toString());
    }

    @Test
    void anEndAtMidnightIsTheEndOfTheDayNotACrossing() {
        TimeWindow evening = TimeWindow.parse("18:00-00:00");

        assertFalse(evening.crossesMidnight());
        assertEquals(TimeWindow.DAY, evening.to());
    }

    @Test
    void anEarlierEndCrossesMidnight() {
        assertTrue(TimeWindow.parse("22:00-06:00").crossesMidnight());
    }

    @ParameterizedTest
    @ValueSource(strings = {"8:00-18:00", "08:00-18:60", "24:00-01:00", "08:00-08:00", "25:00-26:00", "08:00"})
    void refusesBadWindows(String text) {
        assertThrows(IllegalArgumentException.class, () -> TimeWindow.parse(text));
    }
}

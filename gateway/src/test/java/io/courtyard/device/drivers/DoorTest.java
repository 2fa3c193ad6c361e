package io.courtyard.device.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.device.drivers.Door.Alarm;
import io.courtyard.device.drivers.Door.Change;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The door rules on their own: which openings are allowed, when they become alarms, when those clear. */
class DoorTest {
    private static final Instant T = Instant.parse("2026-03-02T08:00:00Z");
    private static final Duration HELD = Duration.ofSeconds(30);

    private final Door door = new Door(HELD);

    private static Instant at(long millis) {
        return T.plusMillis(millis);
    }

    @Test
    void anOpeningWithinTheGrantWindowIsFine() {
        door.report(false, at(0));
        door.allow(at(4_000));

        assertThat(door.report(true, at(2_500))).isEmpty();
        assertThat(door.report(false, at(6_000))).isEmpty();
    }

    @Test
    void anOpeningWithoutGrantIsForcedAndClearsWhenTheDoorCloses() {
        door.report(false, at(0));
        door.allow(at(4_000));

        assertThat(door.report(true, at(4_001))).containsExactly(new Change(Alarm.FORCED, true, at(4_001), at(4_001)));
        assertThat(door.heldCheckAt()).as("a forced door is already an alarm").isNull();
        assertThat(door.report(false, at(9_000)))
                .containsExactly(new Change(Alarm.FORCED, false, at(9_000), at(4_001)));
    }

    @Test
    void anAllowedOpeningLastingLongerThanHeldOpenAfterIsHeldOpenUntilClosed() {
        door.report(false, at(0));
        door.allow(at(4_000));
        door.report(true, at(1_000));
        long opening = door.opening();

        assertThat(door.heldCheckAt()).isEqualTo(at(31_000));
        assertThat(door.check(opening, at(30_999))).as("not yet").isNull();
        assertThat(door.check(opening, at(31_000))).isEqualTo(new Change(Alarm.HELD, true, at(31_000), at(1_000)));
        assertThat(door.heldCheckAt()).as("raised once").isNull();
        assertThat(door.report(false, at(40_000)))
                .containsExactly(new Change(Alarm.HELD, false, at(40_000), at(1_000)));
    }

    @Test
    void aCheckForAnEarlierOpeningDoesNothing() {
        door.report(false, at(0));
        door.allow(at(10_000));
        door.report(true, at(1_000));
        long first = door.opening();
        door.report(false, at(2_000));
        door.report(true, at(3_000));

        assertThat(door.check(first, at(40_000))).isNull();
        assertThat(door.check(door.opening(), at(40_000))).isNotNull();
    }

    @Test
    void theFirstReportIsNeverForcedButAnOpenDoorCanBeHeldOpen() {
        assertThat(door.report(true, at(0))).isEmpty();

        assertThat(door.heldCheckAt()).isEqualTo(at(30_000));
    }

    @Test
    void fireModeAllowsEveryOpeningAndHeldOpenTimeStartsAtTheAllClear() {
        door.report(false, at(0));
        door.release(true, at(100));

        assertThat(door.report(true, at(1_000))).isEmpty();
        assertThat(door.heldCheckAt()).isNull();

        door.release(false, at(60_000));
        assertThat(door.heldCheckAt()).isEqualTo(at(90_000));
        assertThat(door.check(door.opening(), at(90_000)).alarm()).isEqualTo(Alarm.HELD);
    }

    @Test
    void anExitRequestAllowsLikeAGrantAndAStuckOpenReportIsNotRepeated() {
        door.report(false, at(0));
        door.allow(at(5_000));

        assertThat(door.report(true, at(1_000))).isEmpty();
        assertThat(door.report(true, at(1_050))).as("same state again").isEmpty();
    }
}

package io.courtyard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.DeviceOnline;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.FaultChanged;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.FaultLifecycle.Change;
import io.courtyard.journal.event.FaultLifecycle.Outcome;
import io.courtyard.journal.event.FaultLifecycle.State;
import io.courtyard.journal.event.PassengerAlarm;
import io.courtyard.testsupport.FaultLog;
import io.courtyard.testsupport.SettableClock;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault log from real journal events on a real SQLite journal: the lifecycle, one active fault
 * per device and type, flapping, the rescue clock and its overdue alarm, and the crew's mean times.
 */
@Timeout(60)
class FaultLogTest {
    static final Instant T0 = Instant.parse("2026-10-12T01:00:00Z");

    @TempDir
    Path dir;

    FaultLog log;

    @BeforeEach
    void open() throws Exception {
        log = FaultLog.open(dir, new SettableClock(T0));
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    static DoorAlarm door(DoorAlarm.Alarm alarm, AlarmState state, Instant opened) {
        return new DoorAlarm(
                alarm, state, "north-gate", "North gate", opened, state == AlarmState.RAISED ? null : 1000L);
    }

    static DeviceOffline offline() {
        return new DeviceOffline("elevator-1-1-bus", 1, "no reply to 8 polls");
    }

    static DeviceOnline online() {
        return new DeviceOnline("elevator-1-1-bus", 1, "clear", "crc", "5c2623", 3, 1L, "1.0.0");
    }

    /**
     * The hourly figures the projection keeps say what the faults themselves say, over whole and
     * partial hours: every change the test made was added to its hour exactly once.
     */
    private void hourlyFiguresAgreeWithTheFaults() throws Exception {
        log.settle();
        Instant[][] periods = {
            {T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))},
            {T0.plus(Duration.ofMinutes(7)), T0.plus(Duration.ofHours(2).plusMinutes(13))},
            {T0, T0.plus(Duration.ofHours(1))},
            {T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(40))}
        };
        for (Instant[] p : periods) {
            assertThat(FaultQueries.stats(log.db(), p[0], p[1]))
                    .as("%s..%s", p[0], p[1])
                    .isEqualTo(FaultQueries.statsOfRows(log.db(), p[0], p[1]));
        }
        try (var st = log.db().createStatement();
                var rs = st.executeQuery("SELECT (SELECT COALESCE(SUM(faults), 0) FROM fault_stats_hourly),"
                        + " (SELECT COUNT(*) FROM faults)")) {
            assertThat(rs.getLong(1)).as("faults in the hourly table").isEqualTo(rs.getLong(2));
        }
    }

    private Fault only(String device, String type) throws Exception {
        var page = FaultQueries.list(
                log.db(), new FaultQueries.Filter(device, type, null, null, null, null, false), 0, 10);
        assertThat(page.faults()).hasSize(1);
        return page.faults().get(0);
    }

    /** The fault-lifecycle events the journal holds, in journal order. */
    private List<FaultLifecycle> journaled() throws Exception {
        List<FaultLifecycle> out = new ArrayList<>();
        JournalReader.unacknowledged(log.db(), TestJournal.SITE, "nobody-reads-this", (JournalEvent je) -> {
            if (je.event() instanceof FaultLifecycle f) {
                out.add(f);
            }
        });
        return out;
    }

    @Test
    void aForcedDoorGoesThroughTheWholeLifecycleAndEveryChangeIsJournaled() throws Exception {
        log.append("north-gate", T0, door(DoorAlarm.Alarm.DOOR_FORCED_OPEN, AlarmState.RAISED, T0));
        log.settle();
        Fault f = only("north-gate", "door-forced-open");
        assertThat(f.state()).isEqualTo(State.OPEN);
        assertThat(f.severity()).isEqualTo(FaultLifecycle.Severity.MAJOR);

        log.clock().set(T0.plus(Duration.ofMinutes(2)));
        log.actions().acknowledge(log.db(), f.id(), "wang.li", "on my way").get();
        log.settle();
        log.clock().set(T0.plus(Duration.ofMinutes(9)));
        log.actions().arrive(log.db(), f.id(), "wang.li", null).get();
        log.append(
                "north-gate",
                T0.plus(Duration.ofMinutes(12)),
                door(DoorAlarm.Alarm.DOOR_FORCED_OPEN, AlarmState.CLEARED, T0));
        log.settle();
        log.clock().set(T0.plus(Duration.ofMinutes(30)));
        log.actions()
                .close(log.db(), f.id(), "wang.li", Outcome.REPAIRED, "strike keeper replaced")
                .get();
        log.settle();

        Fault done = FaultQueries.get(log.db(), f.id());
        assertThat(done.state()).isEqualTo(State.CLOSED);
        assertThat(done.ackBy()).isEqualTo("wang.li");
        assertThat(done.ackNote()).isEqualTo("on my way");
        assertThat(Duration.between(done.raisedAt(), done.ackAt())).isEqualTo(Duration.ofMinutes(2));
        assertThat(Duration.between(done.raisedAt(), done.arrivedAt())).isEqualTo(Duration.ofMinutes(9));
        assertThat(Duration.between(done.raisedAt(), done.clearedAt())).isEqualTo(Duration.ofMinutes(12));
        assertThat(done.outcome()).isEqualTo(Outcome.REPAIRED);
        assertThat(done.repairNote()).isEqualTo("strike keeper replaced");
        assertThat(FaultQueries.changes(log.db(), f.id()).stream().map(FaultQueries.ChangeRow::change))
                .containsExactly("raised", "acknowledged", "arrived", "cleared", "closed");

        List<FaultLifecycle> wire = journaled();
        assertThat(wire)
                .extracting(FaultLifecycle::change)
                .containsExactlyInAnyOrder(
                        Change.RAISED, Change.ACKNOWLEDGED, Change.ARRIVED, Change.CLEARED, Change.CLOSED);
        assertThat(wire).extracting(FaultLifecycle::step).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
        assertThat(wire).allMatch(e -> e.fault().equals(f.id()) && e.kind() == EventKind.FAULT);
        FaultLifecycle cleared = wire.stream()
                .filter(e -> e.change() == Change.CLEARED)
                .findFirst()
                .orElseThrow();
        assertThat(cleared.origin()).isEqualTo(FaultLifecycle.Origin.DEVICE);
        assertThat(cleared.clearAfterMs()).isEqualTo(Duration.ofMinutes(12).toMillis());
        assertThat(cleared.ackAfterMs()).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(log.count("SELECT COUNT(*) FROM fault_outbox")).isZero();
        hourlyFiguresAgreeWithTheFaults();
    }

    @Test
    void aDeviceAndTypeHaveOneActiveFaultAndOperatorsCannotSkipTheLifecycle() throws Exception {
        log.append("north-gate", T0, door(DoorAlarm.Alarm.DOOR_HELD_OPEN, AlarmState.RAISED, T0));
        log.append("north-gate", T0.plusSeconds(5), door(DoorAlarm.Alarm.DOOR_HELD_OPEN, AlarmState.RAISED, T0));
        log.append("north-gate", T0.plusSeconds(6), door(DoorAlarm.Alarm.DOOR_FORCED_OPEN, AlarmState.RAISED, T0));
        log.append("south-gate", T0.plusSeconds(7), door(DoorAlarm.Alarm.DOOR_HELD_OPEN, AlarmState.RAISED, T0));
        log.settle();
        assertThat(log.count("SELECT COUNT(*) FROM faults")).isEqualTo(3);
        Fault held = only("north-gate", "door-held-open");
        assertThat(held.severity()).isEqualTo(FaultLifecycle.Severity.MINOR);

        log.actions().acknowledge(log.db(), held.id(), "zhao", null).get();
        log.settle();
        assertThatThrownBy(() -> log.actions().acknowledge(log.db(), held.id(), "zhao", null))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("cannot be acknowledged");
        assertThatThrownBy(() -> log.actions().acknowledge(log.db(), "f-999999", "zhao", null))
                .isInstanceOf(FaultException.class)
                .matches(e -> ((FaultException) e).missing());
        assertThatThrownBy(() -> log.actions().arrive(log.db(), held.id(), "", null))
                .hasMessageContaining("by");
        log.actions()
                .close(log.db(), held.id(), "zhao", Outcome.FALSE_ALARM, "a delivery propped it")
                .get();
        log.settle();
        assertThatThrownBy(() -> log.actions().clear(log.db(), held.id(), "zhao", null))
                .hasMessageContaining("closed; it cannot be cleared");
        // A new raise after the close is a new fault.
        log.append(
                "north-gate",
                T0.plus(Duration.ofHours(1)),
                door(DoorAlarm.Alarm.DOOR_HELD_OPEN, AlarmState.RAISED, T0));
        log.settle();
        assertThat(FaultQueries.list(
                                log.db(),
                                new FaultQueries.Filter("north-gate", "door-held-open", null, null, null, null, false),
                                0,
                                10)
                        .faults())
                .hasSize(2);
    }

    @Test
    void aFaultThatComesBackWithinTheFlapHoldIsReopenedAndLaterOnesAreNew() throws Exception {
        // flapHold is 2 min in the demo configuration; the elevator's reader belongs to elevator-1-1.
        log.append("elevator-1-1-reader", T0, offline());
        log.append("elevator-1-1-reader", T0.plusSeconds(10), online());
        log.append("elevator-1-1-reader", T0.plusSeconds(40), offline());
        log.append("elevator-1-1-reader", T0.plusSeconds(50), online());
        log.append("elevator-1-1-reader", T0.plusSeconds(100), offline());
        log.append("elevator-1-1-reader", T0.plusSeconds(110), online());
        log.settle();
        Fault f = only("elevator-1-1-reader", "device-offline");
        assertThat(f.flaps()).isEqualTo(2);
        assertThat(f.state()).isEqualTo(State.CLEARED);
        assertThat(f.elevator()).isEqualTo("elevator-1-1");
        assertThat(FaultQueries.changes(log.db(), f.id()).stream().map(FaultQueries.ChangeRow::change))
                .containsExactly("raised", "cleared", "reopened", "cleared", "reopened", "cleared");

        log.append("elevator-1-1-reader", T0.plus(Duration.ofMinutes(10)), offline());
        log.settle();
        assertThat(FaultQueries.list(
                                log.db(),
                                new FaultQueries.Filter(
                                        "elevator-1-1-reader", null, null, State.OPEN, null, null, false),
                                0,
                                10)
                        .faults())
                .hasSize(1)
                .allMatch(x -> x.flaps() == 0 && !x.id().equals(f.id()));
        hourlyFiguresAgreeWithTheFaults();
    }

    @Test
    void aTrappedPassengerStartsTheRescueClockAndAnOverdueRescueRaisesOneAlarm() throws Exception {
        log.actions()
                .raise(log.db(), "monitor-1-1", FaultTypes.TRAPPED, "hotline", "resident of 1-1-702 called")
                .get();
        log.settle();
        assertThatThrownBy(() -> log.actions().raise(log.db(), "monitor-1-1", FaultTypes.TRAPPED, "hotline", null))
                .isInstanceOf(FaultException.class)
                .hasMessageContaining("already has trapped-passenger fault");
        Fault f = only("monitor-1-1", FaultTypes.TRAPPED);
        assertThat(f.severity()).isEqualTo(FaultLifecycle.Severity.CRITICAL);
        assertThat(f.elevator()).isEqualTo("elevator-1-1");
        assertThat(f.rescueTargetMs()).isEqualTo(Duration.ofMinutes(30).toMillis());
        assertThat(f.rescueRunning()).isTrue();
        assertThat(f.rescueDeadline()).isEqualTo(T0.plus(Duration.ofMinutes(30)));

        RescueWatch watch = new RescueWatch(
                log.journal().database(), log.journal().journal()::append, log.clock(), Duration.ofHours(1));
        watch.start();
        try {
            log.clock().set(T0.plus(Duration.ofMinutes(29)));
            assertThat(watch.check()).isZero();
            log.clock().set(T0.plus(Duration.ofMinutes(31)));
            assertThat(watch.check()).isEqualTo(1);
            assertThat(watch.check())
                    .as("not twice while the first is projected")
                    .isZero();
            // The watch's append is not awaited: wait for its projection, not just for the cursors.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> FaultQueries.get(log.db(), f.id()).overdue());
            log.settle();
            assertThat(watch.check()).isZero();
        } finally {
            watch.stop();
        }
        FaultLifecycle alarm = journaled().stream()
                .filter(e -> e.change() == Change.RESCUE_OVERDUE)
                .findFirst()
                .orElseThrow();
        assertThat(alarm.kind()).isEqualTo(EventKind.ALARM);
        assertThat(alarm.origin()).isEqualTo(FaultLifecycle.Origin.WATCH);
        assertThat(alarm.rescueTargetMs()).isEqualTo(1_800_000L);

        // The crew arrives late; the passenger is out: closed as a self-release, counted apart from repairs.
        log.clock().set(T0.plus(Duration.ofMinutes(40)));
        log.actions().arrive(log.db(), f.id(), "otis-crew-7", null).get();
        log.settle();
        log.actions()
                .close(log.db(), f.id(), "otis-crew-7", Outcome.SELF_RELEASED, "passenger left at 2F")
                .get();
        log.settle();
        var stats = FaultQueries.stats(log.db(), T0.minusSeconds(1), T0.plus(Duration.ofDays(1)));
        assertThat(stats.selfReleased()).isEqualTo(1);
        assertThat(stats.overdueRescues()).isEqualTo(1);
        assertThat(stats.repaired()).isZero();
        assertThat(stats.meanToArrive()).isEqualTo(Duration.ofMinutes(40));
        hourlyFiguresAgreeWithTheFaults();
    }

    @Test
    void aRescueWhoseCrewArrivesInTimeRaisesNoAlarm() throws Exception {
        log.actions()
                .raise(log.db(), "monitor-3-1", FaultTypes.TRAPPED, "hotline", null)
                .get();
        log.settle();
        Fault f = only("monitor-3-1", FaultTypes.TRAPPED);
        log.clock().set(T0.plus(Duration.ofMinutes(5)));
        log.actions().acknowledge(log.db(), f.id(), "dispatch", null).get();
        log.clock().set(T0.plus(Duration.ofMinutes(22)));
        log.settle();
        log.actions().arrive(log.db(), f.id(), "crew", null).get();
        log.settle();
        RescueWatch watch = new RescueWatch(
                log.journal().database(), log.journal().journal()::append, log.clock(), Duration.ofHours(1));
        watch.start();
        try {
            log.clock().set(T0.plus(Duration.ofHours(2)));
            assertThat(watch.check()).isZero();
        } finally {
            watch.stop();
        }
        Fault arrived = FaultQueries.get(log.db(), f.id());
        assertThat(arrived.rescueRunning()).isFalse();
        assertThat(Duration.between(arrived.raisedAt(), arrived.arrivedAt())).isEqualTo(Duration.ofMinutes(22));
    }

    static FaultChanged monitorFault(String type, FaultChanged.State state, Instant raisedAt) {
        return new FaultChanged(
                type,
                state,
                "elevator-1-1",
                "E21",
                "iot-terminal",
                1,
                "major",
                null,
                null,
                raisedAt,
                state == FaultChanged.State.CLEARED ? null : 3000L,
                state == FaultChanged.State.RAISED ? null : 5000L,
                null);
    }

    static PassengerAlarm trapped(AlarmState state, Instant raisedAt) {
        return new PassengerAlarm(
                FaultTypes.TRAPPED,
                state,
                "elevator-1-1",
                "1",
                "1",
                "trapped-at-floor",
                "E07",
                "iot-terminal",
                raisedAt,
                null,
                null,
                null,
                state == AlarmState.CLEARED ? 600_000L : null);
    }

    @Test
    void aMonitorsTrappedPassengerIsOneCriticalFaultWithItsRescueClockAndTransientsAreOnlyCounted() throws Exception {
        // The monitor journals the debounced fault and its alarm; the crew sees one fault: the alarm's.
        log.append("monitor-1-1", T0, monitorFault("trapped-at-floor", FaultChanged.State.RAISED, T0));
        log.append("monitor-1-1", T0, trapped(AlarmState.RAISED, T0));
        log.append(
                "monitor-1-1",
                T0.plusSeconds(30),
                monitorFault("door-close-failure", FaultChanged.State.TRANSIENT, T0.plusSeconds(28)));
        log.append(
                "monitor-1-1",
                T0.plusSeconds(60),
                monitorFault("door-close-failure", FaultChanged.State.RAISED, T0.plusSeconds(55)));
        log.settle();
        Fault t = only("monitor-1-1", FaultTypes.TRAPPED);
        assertThat(t.severity()).isEqualTo(FaultLifecycle.Severity.CRITICAL);
        assertThat(t.rescueDeadline()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(t.elevator()).isEqualTo("elevator-1-1");
        assertThat(log.count("SELECT COUNT(*) FROM faults WHERE type = 'trapped-at-floor'"))
                .isZero();
        assertThat(log.count("SELECT COUNT(*) FROM fault_transients WHERE type = 'door-close-failure'"))
                .isEqualTo(1);
        assertThat(only("monitor-1-1", "door-close-failure").severity()).isEqualTo(FaultLifecycle.Severity.MAJOR);

        // The passenger got out before the crew came: the alarm clears, the operator closes it as such.
        log.append("monitor-1-1", T0.plus(Duration.ofMinutes(10)), trapped(AlarmState.CLEARED, T0));
        log.settle();
        assertThat(FaultQueries.get(log.db(), t.id()).state()).isEqualTo(State.CLEARED);
        log.actions()
                .close(log.db(), t.id(), "dispatch", Outcome.SELF_RELEASED, "left at 3F when the door opened")
                .get();
        log.settle();
        var s = FaultQueries.stats(log.db(), T0, T0.plus(Duration.ofDays(1)));
        assertThat(s.selfReleased()).isEqualTo(1);
        assertThat(s.transients()).isEqualTo(1);
        hourlyFiguresAgreeWithTheFaults();
    }

    @Test
    void meanTimesCountRepairsAndLeaveFalseAlarmsApart() throws Exception {
        // Two repairs cleared after 10 and 20 minutes, acknowledged after 1 and 3; one false alarm.
        String[] gates = {"north-gate", "south-gate", "west-gate"};
        int[] clearMin = {10, 20, 2};
        int[] ackMin = {1, 3, 1};
        for (int i = 0; i < 3; i++) {
            Instant raised = T0.plus(Duration.ofHours(i));
            log.append(
                    gates[i],
                    raised,
                    new DoorAlarm(DoorAlarm.Alarm.DOOR_FORCED_OPEN, AlarmState.RAISED, gates[i], null, raised, null));
            log.settle();
            Fault f = only(gates[i], "door-forced-open");
            log.clock().set(raised.plus(Duration.ofMinutes(ackMin[i])));
            log.actions().acknowledge(log.db(), f.id(), "crew", null).get();
            log.append(
                    gates[i],
                    raised.plus(Duration.ofMinutes(clearMin[i])),
                    new DoorAlarm(DoorAlarm.Alarm.DOOR_FORCED_OPEN, AlarmState.CLEARED, gates[i], null, raised, 1L));
            log.settle();
            log.actions()
                    .close(log.db(), f.id(), "crew", i == 2 ? Outcome.FALSE_ALARM : Outcome.REPAIRED, null)
                    .get();
            log.settle();
        }
        var s = FaultQueries.stats(log.db(), T0, T0.plus(Duration.ofDays(1)));
        assertThat(s.faults()).isEqualTo(3);
        assertThat(s.repaired()).isEqualTo(2);
        assertThat(s.falseAlarms()).isEqualTo(1);
        assertThat(s.open()).isZero();
        assertThat(s.meanToRepair()).isEqualTo(Duration.ofMinutes(15));
        assertThat(s.meanToAcknowledge()).isEqualTo(Duration.ofMinutes(5).dividedBy(3));
        assertThat(FaultQueries.countsByDeviceMonth(log.db(), "2026-10", "2026-10"))
                .extracting(FaultQueries.DeviceMonth::device, FaultQueries.DeviceMonth::faults)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("north-gate", 1L),
                        org.assertj.core.groups.Tuple.tuple("south-gate", 1L),
                        org.assertj.core.groups.Tuple.tuple("west-gate", 1L));
        hourlyFiguresAgreeWithTheFaults();
    }

    @Test
    void availabilityIsTheShareOfThePeriodOutsideMajorFaultsOfTheElevatorCountingOverlapsOnce() throws Exception {
        // Reader offline 01:00-01:30, relays offline 01:15-01:45 (overlap), over 01:00-05:00: 45 min down of 240.
        log.append("elevator-1-1-reader", T0, offline());
        log.append(
                "elevator-1-1-relays", T0.plus(Duration.ofMinutes(15)), new DeviceOffline("elevator-1-1-bus", 2, "x"));
        log.append("elevator-1-1-reader", T0.plus(Duration.ofMinutes(30)), online());
        log.append(
                "elevator-1-1-relays",
                T0.plus(Duration.ofMinutes(45)),
                new DeviceOnline("elevator-1-1-bus", 2, "clear", "crc", "5c2623", 3, 1L, "1.0.0"));
        log.settle();
        double a = FaultQueries.availability(log.db(), "elevator-1-1", T0, T0.plus(Duration.ofHours(4)));
        assertThat(a).isCloseTo(1 - 45.0 / 240, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(FaultQueries.availability(log.db(), "elevator-3-1", T0, T0.plus(Duration.ofHours(4))))
                .isEqualTo(1.0);
    }
}

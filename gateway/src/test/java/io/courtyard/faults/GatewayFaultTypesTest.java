package io.courtyard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.BarrierCommandFailed;
import io.courtyard.journal.event.CameraOffline;
import io.courtyard.journal.event.ClockAlarm;
import io.courtyard.journal.event.ClockSkewChanged;
import io.courtyard.journal.event.ClockSkewChanged.ClockState;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.DeviceOnline;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.FaultLifecycle.Severity;
import io.courtyard.journal.event.FaultLifecycle.State;
import io.courtyard.testsupport.FaultLog;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gateway, gate and barrier faults from the events their rooms journal, on a real journal and
 * projection: the gateway's clock alarm, a device's clock skew, a gate reader going offline, a
 * plate camera's silence and a failed barrier command, each with its type and severity.
 */
@Timeout(60)
class GatewayFaultTypesTest {
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

    private Fault only(String device, String type) throws Exception {
        var page = FaultQueries.list(
                log.db(), new FaultQueries.Filter(device, type, null, null, null, null, false), 0, 10);
        assertThat(page.faults()).as("%s faults of %s", type, device).hasSize(1);
        return page.faults().get(0);
    }

    @Test
    void theGatewaysClockAlarmIsAMajorFaultUntilTheClockIsSynchronisedAgain() throws Exception {
        log.append("gateway", T0, new ClockAlarm(AlarmState.RAISED, "system clock not synchronised", "timedatectl"));
        log.settle();
        Fault f = only("gateway", "clock-alarm");
        assertThat(f.severity()).isEqualTo(Severity.MAJOR);
        assertThat(f.state()).isEqualTo(State.OPEN);
        log.append("gateway", T0.plus(Duration.ofMinutes(4)), new ClockAlarm(AlarmState.CLEARED, null, "timedatectl"));
        log.settle();
        f = only("gateway", "clock-alarm");
        assertThat(f.state()).isEqualTo(State.CLEARED);
        assertThat(f.clearedAt()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    }

    @Test
    void aDeviceWhoseClockSkewsHasAMinorFaultUntilItIsInSyncAgain() throws Exception {
        log.append("elevator-1-1-reader", T0, new ClockSkewChanged(ClockState.SKEWED, -312.25, 120));
        log.append("elevator-1-1-reader", T0.plusSeconds(30), new ClockSkewChanged(ClockState.SKEWED, -318.0, 120));
        log.settle();
        Fault f = only("elevator-1-1-reader", "clock-skew");
        assertThat(f.severity()).isEqualTo(Severity.MINOR);
        assertThat(f.elevator()).as("the reader's elevator").isEqualTo("elevator-1-1");
        log.append(
                "elevator-1-1-reader",
                T0.plus(Duration.ofHours(1)),
                new ClockSkewChanged(ClockState.IN_SYNC, 0.4, 120));
        log.settle();
        assertThat(only("elevator-1-1-reader", "clock-skew").state()).isEqualTo(State.CLEARED);
    }

    @Test
    void aGateReaderThatStopsAnsweringIsADeviceOfflineFaultUntilItAnswersAgain() throws Exception {
        log.append("north-gate-reader", T0, new DeviceOffline("gates-bus", 1, "no reply to 8 polls"));
        log.settle();
        Fault f = only("north-gate-reader", "device-offline");
        assertThat(f.severity()).isEqualTo(Severity.MAJOR);
        assertThat(f.state()).isEqualTo(State.OPEN);
        log.append(
                "north-gate-reader",
                T0.plus(Duration.ofMinutes(9)),
                new DeviceOnline("gates-bus", 1, "secure", "crc", "5c2623", 3, 1L, "1.0.0"));
        log.settle();
        assertThat(only("north-gate-reader", "device-offline").state()).isEqualTo(State.CLEARED);
    }

    @Test
    void aSilentPlateCameraAndAFailedBarrierCommandAreFaultsOfTheirBarrier() throws Exception {
        log.append("east-exit", T0, new CameraOffline(AlarmState.RAISED, "SIM-E02", "hikvision", 600_000L));
        log.append("east-exit", T0.plusSeconds(5), new BarrierCommandFailed("SIM-E02", "k-1", 0, "no answer"));
        log.append("east-exit", T0.plusSeconds(9), new BarrierCommandFailed("SIM-E02", "k-2", 503, "busy"));
        log.settle();
        assertThat(only("east-exit", "camera-offline").severity()).isEqualTo(Severity.MAJOR);
        Fault barrier = only("east-exit", "barrier-command-failed");
        assertThat(barrier.severity()).isEqualTo(Severity.MINOR);
        assertThat(barrier.state()).as("a second failure joins the open fault").isEqualTo(State.OPEN);
        log.append(
                "east-exit",
                T0.plus(Duration.ofMinutes(3)),
                new CameraOffline(AlarmState.CLEARED, "SIM-E02", "hikvision", 0));
        log.settle();
        assertThat(only("east-exit", "camera-offline").state()).isEqualTo(State.CLEARED);
    }

    @Test
    void everyEventTypeThatMeansAFaultIsOneTheProjectionDecodes() {
        Signals signals = new Signals(log.types());
        for (Map.Entry<EventType, Event> e : SampleEvents.all().entrySet()) {
            JournalEvent je = new JournalEvent(1, "s-1", "north-gate", T0, T0, e.getValue());
            if (signals.of(je) != null) {
                assertThat(Signals.READS).as("a signal in %s", e.getKey()).contains(e.getKey());
            }
        }
        assertThat(Signals.READS).contains(EventType.CLOCK_ALARM, EventType.CLOCK_SKEW);
    }
}

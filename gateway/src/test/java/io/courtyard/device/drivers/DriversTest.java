package io.courtyard.device.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.TamperAlarm;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing by PD, and tamper on a gate's or an elevator's PD as an alarm raised once and cleared once. */
class DriversTest {

    private final DriverRig rig =
            new DriverRig(List.of(DriverRig.gate(Duration.ofSeconds(30), true)), List.of(DriverRig.elevator()));

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void cardsReachTheDeviceWhoseReaderReadThem() {
        rig.drivers.card(
                new Pd("lift-reader", "lift", 1),
                0,
                Wiegand.decode(26, Wiegand.encode(WiegandFormat.H10301, 1, 2)),
                Instant.now());
        rig.drivers.card(
                new Pd("stranger", "other-bus", 9),
                0,
                Wiegand.decode(26, Wiegand.encode(WiegandFormat.H10301, 1, 2)),
                Instant.now());

        assertThat(rig.requests).extracting(r -> r.device()).containsExactly("lift-1-1");
    }

    @Test
    void tamperOnAGateReaderIsAnAlarmRaisedOnceAndClearedOnce() throws Exception {
        Pd reader = new Pd("north-gate-reader", "gates", 1);
        Instant t = Instant.now();

        rig.drivers.localStatus(reader, false, false, t);
        rig.drivers.localStatus(reader, true, false, t.plusSeconds(1));
        rig.drivers.localStatus(reader, true, true, t.plusSeconds(2));
        rig.drivers.localStatus(reader, false, true, t.plusSeconds(3));
        rig.drivers.localStatus(new Pd("lift-relays", "lift", 2), true, false, t.plusSeconds(4));

        var alarms = rig.events(EventKind.ALARM);
        assertThat(alarms).hasSize(3);
        assertThat(alarms).extracting(e -> e.deviceId()).containsExactly("north-gate", "north-gate", "lift-1-1");
        assertThat(alarms.get(0).event())
                .isEqualTo(new TamperAlarm(AlarmState.RAISED, "north-gate", null, "north-gate-reader", "gates", 1));
        assertThat(((TamperAlarm) alarms.get(1).event()).state()).isEqualTo(AlarmState.CLEARED);
        assertThat(alarms.get(2).event())
                .isEqualTo(new TamperAlarm(AlarmState.RAISED, null, "lift-1-1", "lift-relays", "lift", 2));
        assertThat(rig.count(DriverMetrics.GATE_ALARMS, "type", "tamper")).isEqualTo(1);
        assertThat(rig.count(DriverMetrics.ELEVATOR_ALARMS, "type", "tamper")).isEqualTo(1);
    }
}

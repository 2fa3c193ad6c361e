package io.courtyard.device.drivers;

import static io.courtyard.device.drivers.DriverRig.LIFT_RELAYS;
import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.access.CredentialKey;
import io.courtyard.access.EmergencyMode;
import io.courtyard.access.Reason;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.RideRecorded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The elevator driver: exactly the decision's floors, a ride per grant, every floor in fire mode. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ElevatorDriverTest {
    private static final Pd READER = DriverRig.CAR_READER_PD;
    private static final Pd RELAYS = DriverRig.CAR_RELAYS_PD;
    private static final CardRead RESIDENT = Wiegand.decode(26, Wiegand.encode(WiegandFormat.H10301, 12, 1001));

    private final DriverRig rig = new DriverRig(List.of(), List.of(DriverRig.elevator()));

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void aGrantEnablesExactlyTheDecisionsFloorsInOneOut() {
        rig.decide = r -> DriverRig.grantFloors(r, List.of(1, 7), List.of(0, 6));

        rig.drivers.card(READER, 0, RESIDENT, Instant.now());

        assertThat(rig.sent(LIFT_RELAYS, OutputControl.class))
                .containsExactly(OutputControl.of(
                        Output.pulse(0, Duration.ofSeconds(10)), Output.pulse(6, Duration.ofSeconds(10))));
        assertThat(rig.sent.get(0).pd()).as("the OUT goes first").isEqualTo(LIFT_RELAYS);
        assertThat(rig.count(DriverMetrics.ELEVATOR_ACTUATIONS, "cause", "grant"))
                .isEqualTo(1);
        assertThat(rig.registry.get(DriverMetrics.ELEVATOR_CARD_TO_OUT).timer().count())
                .isEqualTo(1);
    }

    @Test
    void aDenialEnablesNothing() {
        rig.decide = r -> DriverRig.deny(r, Reason.NO_FLOOR);

        rig.drivers.card(READER, 0, RESIDENT, Instant.now());

        assertThat(rig.sent(LIFT_RELAYS, OutputControl.class)).isEmpty();
        assertThat(rig.count(DriverMetrics.ELEVATOR_DENIED, "reason", "no-floor"))
                .isEqualTo(1);
    }

    @Test
    void theFirstCoveredButtonPressAfterAGrantIsOneRide() throws Exception {
        rig.decide = r -> DriverRig.grantFloors(r, List.of(1, 7), List.of(0, 6));
        Instant t = Instant.now();
        rig.drivers.inputs(RELAYS, DriverRig.buttons(), t);
        rig.drivers.inputs(RELAYS, DriverRig.buttons(2), t.plusMillis(500));
        rig.drivers.card(READER, 0, RESIDENT, t.plusSeconds(1));

        rig.drivers.inputs(RELAYS, DriverRig.buttons(), t.plusMillis(1_500));
        rig.drivers.inputs(RELAYS, DriverRig.buttons(6), t.plusSeconds(3));
        rig.drivers.inputs(RELAYS, DriverRig.buttons(), t.plusMillis(3_200));
        rig.drivers.inputs(RELAYS, DriverRig.buttons(6), t.plusSeconds(4));

        List<EventDraft> rides = rig.events(EventKind.RIDE);
        assertThat(rides).as("no ride before the grant, one ride per grant").hasSize(1);
        RideRecorded ride = (RideRecorded) rides.get(0).event();
        assertThat(rides.get(0).deviceId()).isEqualTo("lift-1-1");
        assertThat(rides.get(0).ts()).isEqualTo(t.plusSeconds(3));
        assertThat(ride.toFloor()).isEqualTo(7);
        assertThat(ride.fromFloor()).isEqualTo(1);
        assertThat(ride.fromKnown()).isFalse();
        assertThat(ride.household()).isEqualTo("1-1-702");
        assertThat(ride.holder()).isEqualTo("h-1-1-702-a");
        assertThat(ride.credential())
                .isEqualTo(CredentialKey.parse("card:h10301/12/1001").masked());
        assertThat(ride.grantedAt()).isEqualTo(t.plusSeconds(1));
        assertThat(rig.count(DriverMetrics.ELEVATOR_RIDES)).isEqualTo(1);
    }

    @Test
    void aPressAfterTheFloorsWereDisabledAgainIsNoRide() {
        rig.decide = r -> DriverRig.grantFloors(r, List.of(1, 7), List.of(0, 6));
        Instant t = Instant.now();
        rig.drivers.inputs(RELAYS, DriverRig.buttons(), t);
        rig.drivers.card(READER, 0, RESIDENT, t);

        rig.drivers.inputs(RELAYS, DriverRig.buttons(6), t.plusSeconds(12));

        assertThat(rig.events(EventKind.RIDE)).isEmpty();
    }

    @Test
    void fireModeEnablesEveryFloorUntilItEnds() {
        rig.emergencies.raise(EmergencyMode.FIRE, "test");
        rig.emergencies.clear(EmergencyMode.FIRE, "test");

        List<OutputControl> outs = rig.sent(LIFT_RELAYS, OutputControl.class);
        assertThat(outs).hasSize(2);
        assertThat(outs.get(0).outputs()).extracting(Output::number).containsExactly(0, 1, 2, 6);
        assertThat(outs.get(0).outputs()).extracting(Output::action).containsOnly(Action.PERMANENT_ON_ABORT_TIMED);
        assertThat(outs.get(1).outputs()).extracting(Output::action).containsOnly(Action.PERMANENT_OFF_AFTER_TIMED);
        assertThat(rig.count(DriverMetrics.ELEVATOR_ACTUATIONS, "cause", "fire"))
                .isEqualTo(2);
    }

    @Test
    void theLobbyIsFloorOneOrTheLowestPublicFloor() {
        assertThat(ElevatorDriver.lobby(DriverRig.elevator())).isEqualTo(1);
    }
}

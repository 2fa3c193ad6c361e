package io.courtyard.device.drivers;

import static io.courtyard.device.drivers.DriverRig.LIFT_RELAYS;
import static io.courtyard.device.drivers.DriverRig.LOBBY_READER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.EmergencyMode;
import io.courtyard.access.Reason;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.LedColor;
import io.courtyard.device.osdp.LedControl;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.bus.CommandResult;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.journal.event.EventKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The elevator control modes of Chinese retrofits beyond per-floor enabling (楼控): the gateway
 * pressing the destination for the passenger (层控) and a landing reader enabling the hall call
 * button (呼梯).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ElevatorModesTest {
    private static final Pd READER = DriverRig.CAR_READER_PD;
    private static final Pd RELAYS = DriverRig.CAR_RELAYS_PD;
    private static final Pd LOBBY = new Pd("lobby-reader", "lift", 3);
    private static final CardRead RESIDENT = Wiegand.decode(26, Wiegand.encode(WiegandFormat.H10301, 12, 1001));
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DriverRig rig = new DriverRig(List.of(), List.of(DriverRig.selectingElevator()));

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    @Test
    void theOnlyFloorBesidesThePublicOnesIsPressedAfterTheEnableAndIsTheRide() throws Exception {
        rig.decide = r -> DriverRig.grantFloors(r, List.of(1, 7), List.of(0, 6));
        Instant t = Instant.now();
        rig.drivers.inputs(RELAYS, DriverRig.buttons(), t);

        rig.drivers.card(READER, 0, RESIDENT, t);

        assertThat(rig.sent(LIFT_RELAYS, OutputControl.class))
                .containsExactly(
                        OutputControl.of(
                                Output.pulse(0, Duration.ofSeconds(10)), Output.pulse(6, Duration.ofSeconds(10))),
                        OutputControl.of(Output.pulse(14, Duration.ofMillis(500))));
        assertThat(rig.events(EventKind.RIDE)).hasSize(1);
        JsonNode ride = JSON.readTree(rig.events(EventKind.RIDE).get(0).body());
        assertThat(ride.path("toFloor").asInt()).isEqualTo(7);
        assertThat(ride.path("selected").asBoolean()).isTrue();
        assertThat(rig.count(DriverMetrics.ELEVATOR_ACTUATIONS, "cause", "select"))
                .isEqualTo(1);

        // The relay's press shows on the button's input, and the passenger may press it again: no second ride.
        rig.drivers.inputs(RELAYS, DriverRig.buttons(6), t.plusSeconds(1));
        assertThat(rig.events(EventKind.RIDE)).hasSize(1);
    }

    @Test
    void withSeveralPrivateFloorsNoneIsPressed() {
        rig.decide = r -> DriverRig.grantFloors(r, List.of(1, 2, 3), List.of(0, 1, 2));

        rig.drivers.card(READER, 0, RESIDENT, Instant.now());

        assertThat(rig.sent(LIFT_RELAYS, OutputControl.class))
                .as("enabled for the passenger to choose, nothing pressed")
                .hasSize(1);
        assertThat(rig.events(EventKind.RIDE)).isEmpty();
    }

    @Test
    void aSingleFloorIsPressedEvenWhenItIsPublic() {
        rig.decide = r -> DriverRig.grantFloors(r, List.of(1), List.of(0));

        rig.drivers.card(READER, 0, RESIDENT, Instant.now());

        assertThat(rig.sent(LIFT_RELAYS, OutputControl.class))
                .last()
                .isEqualTo(OutputControl.of(Output.pulse(8, Duration.ofMillis(500))));
    }

    @Test
    void nothingIsPressedWhenTheFloorsCouldNotBeEnabled() {
        rig.decide = r -> DriverRig.grantFloors(r, List.of(1, 7), List.of(0, 6));
        rig.result = CommandResult.Status.NAKED;

        rig.drivers.card(READER, 0, RESIDENT, Instant.now());

        assertThat(rig.sent(LIFT_RELAYS, OutputControl.class)).hasSize(1);
        assertThat(rig.events(EventKind.RIDE)).isEmpty();
    }

    @Test
    void inFireModeNothingIsPressed() {
        rig.emergencies.raise(EmergencyMode.FIRE, "test");
        rig.decide = r -> DriverRig.grantFloors(r, List.of(1, 7), List.of(0, 6));

        rig.drivers.card(READER, 0, RESIDENT, Instant.now());

        assertThat(rig.sent(LIFT_RELAYS, OutputControl.class))
                .as("only fire mode's hold of every floor")
                .hasSize(1)
                .allSatisfy(o -> assertThat(o.outputs().get(0).action()).isEqualTo(Action.PERMANENT_ON_ABORT_TIMED));
    }

    @Test
    void aGrantAtTheLandingReaderEnablesItsHallCallButtonWithGreen() {
        rig.decide = DriverRig::hallCall;

        rig.drivers.card(LOBBY, 0, RESIDENT, Instant.now());

        assertThat(rig.requests.get(0).device()).isEqualTo("lift-1-1-hall-1");
        assertThat(rig.sent.get(0).pd()).as("the button first").isEqualTo(LOBBY_READER);
        assertThat(rig.sent(LOBBY_READER, OutputControl.class))
                .containsExactly(OutputControl.of(Output.pulse(0, Duration.ofSeconds(10))));
        assertThat(rig.sent(LOBBY_READER, LedControl.class)
                        .get(0)
                        .settings()
                        .get(0)
                        .temporary()
                        .onColor())
                .isEqualTo(LedColor.GREEN);
        assertThat(rig.sent(LIFT_RELAYS, OutputControl.class))
                .as("nothing in the car")
                .isEmpty();
        assertThat(rig.count(DriverMetrics.ELEVATOR_ACTUATIONS, "cause", "hall-call"))
                .isEqualTo(1);
    }

    @Test
    void aDenialAtTheLandingEnablesNothing() {
        rig.decide = r -> DriverRig.deny(r, Reason.NO_FLOOR);

        rig.drivers.card(LOBBY, 0, RESIDENT, Instant.now());

        assertThat(rig.sent(LOBBY_READER, OutputControl.class)).isEmpty();
        assertThat(rig.count(DriverMetrics.ELEVATOR_DENIED, "reason", "no-floor"))
                .isEqualTo(1);
    }

    @Test
    void fireModeHoldsTheHallCallButtonEnabledAndARestartedReaderGetsTheHoldAgain() {
        rig.emergencies.raise(EmergencyMode.FIRE, "test");
        rig.drivers.online(LOBBY, null);
        rig.emergencies.clear(EmergencyMode.FIRE, "test");

        assertThat(rig.sent(LOBBY_READER, OutputControl.class))
                .extracting(o -> o.outputs().get(0).action())
                .containsExactly(
                        Action.PERMANENT_ON_ABORT_TIMED,
                        Action.PERMANENT_ON_ABORT_TIMED,
                        Action.PERMANENT_OFF_AFTER_TIMED);
    }
}

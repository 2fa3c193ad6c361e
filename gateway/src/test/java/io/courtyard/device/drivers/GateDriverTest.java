package io.courtyard.device.drivers;

import static io.courtyard.device.drivers.DriverRig.READER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.access.CredentialKey;
import io.courtyard.access.EmergencyMode;
import io.courtyard.access.Reason;
import io.courtyard.command.Outcome;
import io.courtyard.device.Bytes;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.BuzzerControl;
import io.courtyard.device.osdp.LedColor;
import io.courtyard.device.osdp.LedControl;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.GateInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The gate driver against recorded commands and decisions: what the PD is told, what the journal gets. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GateDriverTest {
    private static final Pd PD = new Pd("north-gate-reader", "gates", 1);
    private static final CardRead RESIDENT = Wiegand.decode(26, Wiegand.encode(WiegandFormat.H10301, 12, 1001));

    private DriverRig rig = new DriverRig(List.of(DriverRig.gate(Duration.ofSeconds(30), true)), List.of());

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    private static InputStatus inputs(boolean door, boolean exit) {
        return InputStatus.of(door, exit);
    }

    @Test
    void aGrantPulsesTheStrikeFirstThenShowsGreenAndBeepsOnce() {
        rig.decide = DriverRig::grantPulse;

        rig.drivers.card(PD, 0, RESIDENT, Instant.now());

        assertThat(rig.sent).hasSize(3);
        assertThat(rig.sent.get(0).command()).isEqualTo(OutputControl.of(Output.pulse(0, Duration.ofSeconds(3))));
        LedControl led = (LedControl) rig.sent.get(1).command();
        assertThat(led.settings().get(0).temporary().onColor()).isEqualTo(LedColor.GREEN);
        assertThat(((BuzzerControl) rig.sent.get(2).command()).count()).isEqualTo(1);
        assertThat(rig.requests.get(0).credential()).isEqualTo(CredentialKey.parse("card:h10301/12/1001"));
        assertThat(rig.count(DriverMetrics.GATE_ACTUATIONS, "cause", "grant")).isEqualTo(1);
        assertThat(rig.registry.get(DriverMetrics.GATE_CARD_TO_OUT).timer().count())
                .isEqualTo(1);
        assertThat(rig.events)
                .as("decisions are the access service's to journal")
                .isEmpty();
    }

    @Test
    void aDenialShowsRedBeepsTwiceAndSendsNoOut() {
        rig.decide = r -> DriverRig.deny(r, Reason.REVOKED);

        rig.drivers.card(PD, 0, RESIDENT, Instant.now());

        assertThat(rig.sent(READER, OutputControl.class)).isEmpty();
        assertThat(rig.sent(READER, LedControl.class)
                        .get(0)
                        .settings()
                        .get(0)
                        .temporary()
                        .onColor())
                .isEqualTo(LedColor.RED);
        assertThat(rig.sent(READER, BuzzerControl.class).get(0).count()).isEqualTo(2);
        assertThat(rig.count(DriverMetrics.GATE_DENIED, "reason", "revoked")).isEqualTo(1);
    }

    @Test
    void aBadParityReadIsDecidedWithoutCredentialAndNeverReachesTheStrike() {
        // H10301 FC 123 / card 4567 is bd 88 eb 80; the trailing (odd) parity bit flipped.
        CardRead bad = Wiegand.decode(26, Bytes.fromHex("bd88ebc0"));
        assertThat(bad).isInstanceOf(CardRead.BadParity.class);
        // Even a decision that says "grant" (fire mode) must not pulse for a misread.
        rig.decide = DriverRig::grantPulse;

        rig.drivers.card(PD, 0, bad, Instant.now());

        assertThat(rig.requests.get(0).credential()).isNull();
        assertThat(rig.sent(READER, OutputControl.class)).isEmpty();
    }

    @ParameterizedTest(name = "{0} bits")
    @ValueSource(ints = {0, 600})
    void aRawReadOfNoBitsOrTooManyIsDecidedWithoutCredentialAndNeverReachesTheStrike(int bits) {
        CardRead unreadable = Wiegand.decode(bits, Bytes.of(new byte[(bits + 7) / 8]));
        rig.decide = DriverRig::grantPulse;

        rig.drivers.card(PD, 0, unreadable, Instant.now());

        assertThat(rig.requests).singleElement().satisfies(r -> assertThat(r.credential())
                .isNull());
        assertThat(rig.sent(READER, OutputControl.class)).isEmpty();
    }

    @Test
    void aPinRequestPromptsAndThePinTypedWithHashCompletesTheSameCard() {
        rig.decide = r -> r.pin() == null ? DriverRig.deny(r, Reason.PIN_REQUIRED) : DriverRig.grantPulse(r);
        Instant t = Instant.now();

        rig.drivers.card(PD, 0, RESIDENT, t);
        assertThat(rig.sent(READER, LedControl.class)
                        .get(0)
                        .settings()
                        .get(0)
                        .temporary()
                        .onColor())
                .isEqualTo(LedColor.AMBER);
        assertThat(rig.count(DriverMetrics.GATE_DENIED, "reason", "pin-required"))
                .isZero();
        rig.drivers.keypad(PD, 0, "12", t.plusSeconds(2));
        rig.drivers.keypad(PD, 0, "34#", t.plusSeconds(3));

        assertThat(rig.requests).hasSize(2);
        assertThat(rig.requests.get(1).pin()).isEqualTo("1234");
        assertThat(rig.requests.get(1).credential())
                .isEqualTo(rig.requests.get(0).credential());
        assertThat(rig.sent(READER, OutputControl.class)).hasSize(1);
    }

    /** Asks a PIN of a card read, refuses a timed-out prompt, grants a card with its PIN. */
    private static io.courtyard.access.Decision pinGate(io.courtyard.access.AccessRequest r) {
        if (r.entry() == io.courtyard.access.AccessRequest.Entry.PIN_TIMED_OUT) {
            return DriverRig.deny(r, Reason.PIN_TIMEOUT);
        }
        if (r.credential() != null && r.credential().type() == CredentialKey.Type.CODE) {
            return DriverRig.deny(r, Reason.UNKNOWN_CREDENTIAL);
        }
        return r.pin() == null ? DriverRig.deny(r, Reason.PIN_REQUIRED) : DriverRig.grantPulse(r);
    }

    private List<LedColor> colors() {
        return rig.sent(READER, LedControl.class).stream()
                .map(l -> l.settings().get(0).temporary().onColor())
                .toList();
    }

    @Test
    void aPinTypedAfterThePromptTimedOutIsRefusedAsTimedOutAndNeverDecidedAsACode() {
        rig.decide = GateDriverTest::pinGate;
        Instant t = Instant.now();

        rig.drivers.card(PD, 0, RESIDENT, t);
        rig.drivers.keypad(PD, 0, "43", t.plusSeconds(11));
        rig.drivers.keypad(PD, 0, "21#", t.plusSeconds(12));

        assertThat(rig.requests)
                .extracting(r -> r.entry())
                .containsExactly(
                        io.courtyard.access.AccessRequest.Entry.READ,
                        io.courtyard.access.AccessRequest.Entry.PIN_TIMED_OUT);
        assertThat(rig.requests).allSatisfy(r -> {
            assertThat(r.pin()).isNull();
            assertThat(r.credential()).isEqualTo(CredentialKey.parse("card:h10301/12/1001"));
        });
        assertThat(rig.requests.get(1).at()).as("dated when the prompt ran out").isEqualTo(t.plusSeconds(10));
        assertThat(colors()).containsExactly(LedColor.AMBER, LedColor.RED, LedColor.RED);
        assertThat(rig.sent(READER, OutputControl.class)).isEmpty();
        assertThat(rig.count(DriverMetrics.GATE_DENIED, "reason", "pin-timeout"))
                .isEqualTo(1);
    }

    @Test
    void aPinPromptNobodyAnswersIsRefusedWhenItRunsOut() {
        rig.decide = GateDriverTest::pinGate;
        // Read 9.8 s ago: the prompt runs out in 0.2 s, with no key to notice it.
        rig.drivers.card(PD, 0, RESIDENT, Instant.now().minusMillis(9_800));

        await().atMost(Duration.ofSeconds(5)).until(() -> rig.requests.size() == 2);
        assertThat(rig.requests.get(1).entry()).isEqualTo(io.courtyard.access.AccessRequest.Entry.PIN_TIMED_OUT);
        await().atMost(Duration.ofSeconds(5)).until(() -> colors().size() == 2);
        assertThat(colors()).containsExactly(LedColor.AMBER, LedColor.RED);
    }

    @Test
    void keysLongAfterATimedOutPromptAreAVisitorsCodeAgain() {
        rig.decide = GateDriverTest::pinGate;
        Instant t = Instant.now();

        rig.drivers.card(PD, 0, RESIDENT, t);
        rig.drivers.keypad(PD, 0, "483920#", t.plusSeconds(25));

        assertThat(rig.requests).hasSize(3);
        assertThat(rig.requests.get(1).entry()).isEqualTo(io.courtyard.access.AccessRequest.Entry.PIN_TIMED_OUT);
        assertThat(rig.requests.get(2).credential()).isEqualTo(CredentialKey.code("483920"));
        assertThat(rig.requests.get(2).entry()).isEqualTo(io.courtyard.access.AccessRequest.Entry.TYPED);
    }

    @Test
    void aGrantThatWaitsForTheJournalPulsesOnlyOnceItIsDurable() {
        java.util.concurrent.CompletableFuture<io.courtyard.access.Decision> durable =
                new java.util.concurrent.CompletableFuture<>();
        rig.answer = r -> durable;

        rig.drivers.keypad(PD, 0, "483920#", Instant.now());

        assertThat(rig.sent).as("nothing before the entry is on disk").isEmpty();
        durable.complete(DriverRig.grantPulse(rig.requests.get(0)));
        assertThat(rig.sent(READER, OutputControl.class)).hasSize(1);
        assertThat(colors()).containsExactly(LedColor.GREEN);
    }

    @Test
    void keysWithoutACardAreAVisitorCodeAndStaleKeysAreForgotten() {
        rig.decide = DriverRig::grantPulse;
        Instant t = Instant.now();

        rig.drivers.keypad(PD, 0, "99", t);
        rig.drivers.keypad(PD, 0, "483920#", t.plusSeconds(11));
        rig.drivers.keypad(PD, 0, "#", t.plusSeconds(12));

        assertThat(rig.requests).hasSize(1);
        assertThat(rig.requests.get(0).credential()).isEqualTo(CredentialKey.code("483920"));
    }

    @Test
    void theExitButtonPulsesTheStrikeAndTheDoorMayOpen() {
        Instant t = Instant.now();
        rig.drivers.inputs(PD, inputs(false, false), t);

        rig.drivers.inputs(PD, inputs(false, true), t.plusMillis(100));
        rig.drivers.inputs(PD, inputs(true, false), t.plusMillis(900));
        rig.drivers.inputs(PD, inputs(false, false), t.plusMillis(3_000));

        assertThat(rig.sent(READER, OutputControl.class)).hasSize(1);
        assertThat(rig.count(DriverMetrics.GATE_ACTUATIONS, "cause", "exit-request"))
                .isEqualTo(1);
        assertThat(rig.events(EventKind.ALARM)).isEmpty();
        assertThat(rig.events(EventKind.DEVICE))
                .extracting(e -> ((GateInput) e.event()).state())
                .containsExactly(
                        GateInput.Change.DOOR_CLOSED,
                        GateInput.Change.EXIT_REQUEST,
                        GateInput.Change.DOOR_OPEN,
                        GateInput.Change.DOOR_CLOSED);
    }

    @Test
    void aDoorOpenedWithoutGrantRaisesForcedOpenAndClearsOnClose() throws Exception {
        Instant t = Instant.now();
        rig.drivers.inputs(PD, inputs(false, false), t);

        rig.drivers.inputs(PD, inputs(true, false), t.plusSeconds(1));
        rig.drivers.inputs(PD, inputs(false, false), t.plusSeconds(4));

        List<EventDraft> alarms = rig.events(EventKind.ALARM);
        assertThat(alarms).hasSize(2);
        DoorAlarm raised = (DoorAlarm) alarms.get(0).event();
        assertThat(raised.alarm()).isEqualTo(DoorAlarm.Alarm.DOOR_FORCED_OPEN);
        assertThat(raised.state()).isEqualTo(AlarmState.RAISED);
        assertThat(raised.door()).isEqualTo("north-gate");
        assertThat(raised.openForMs()).isNull();
        assertThat(alarms.get(0).deviceId()).isEqualTo("north-gate");
        DoorAlarm cleared = (DoorAlarm) alarms.get(1).event();
        assertThat(cleared.state()).isEqualTo(AlarmState.CLEARED);
        assertThat(cleared.openForMs()).isEqualTo(3_000);
        assertThat(rig.count(DriverMetrics.GATE_ALARMS, "type", "door-forced-open"))
                .isEqualTo(1);
    }

    @Test
    void aGrantedDoorLeftOpenRaisesHeldOpenOnItsOwnAndClearsWhenClosed() throws Exception {
        rig.close();
        rig = new DriverRig(List.of(DriverRig.gate(Duration.ofMillis(300), true)), List.of());
        rig.decide = DriverRig::grantPulse;
        rig.drivers.inputs(PD, inputs(false, false), Instant.now());
        rig.drivers.card(PD, 0, RESIDENT, Instant.now());

        rig.drivers.inputs(PD, inputs(true, false), Instant.now());
        await().atMost(Duration.ofSeconds(5))
                .until(() -> rig.events(EventKind.ALARM).size() == 1);
        rig.drivers.inputs(PD, inputs(false, false), Instant.now());

        List<DoorAlarm> states = rig.events(EventKind.ALARM).stream()
                .map(e -> (DoorAlarm) e.event())
                .toList();
        assertThat(states).hasSize(2);
        assertThat(states.get(0).alarm()).isEqualTo(DoorAlarm.Alarm.DOOR_HELD_OPEN);
        assertThat(states.get(1).state()).isEqualTo(AlarmState.CLEARED);
    }

    @Test
    void fireModeHoldsTheStrikeReleasedSuppressesDoorAlarmsAndGivesItBack() {
        Instant t = Instant.now();
        rig.drivers.inputs(PD, inputs(false, false), t);

        rig.emergencies.raise(EmergencyMode.FIRE, "test");
        rig.drivers.inputs(PD, inputs(true, false), t.plusSeconds(1));
        rig.decide = DriverRig::grantPulse;
        rig.drivers.card(PD, 0, RESIDENT, t.plusSeconds(2));
        rig.drivers.online(PD, null);
        rig.emergencies.clear(EmergencyMode.FIRE, "test");

        assertThat(rig.sent(READER, OutputControl.class))
                .extracting(o -> o.outputs().get(0).action())
                .as("hold, no pulse while held, hold again on reconnect, give back")
                .containsExactly(
                        Action.PERMANENT_ON_ABORT_TIMED,
                        Action.PERMANENT_ON_ABORT_TIMED,
                        Action.PERMANENT_OFF_AFTER_TIMED);
        assertThat(rig.events(EventKind.ALARM)).isEmpty();
    }

    @Test
    void aRemoteOpenPulsesTheStrikeOnceAndTheDoorMayOpenWithoutAForcedOpenAlarm() throws Exception {
        rig.drivers.inputs(PD, inputs(false, false), Instant.now());

        Outcome o = rig.drivers.open("north-gate").get(5, TimeUnit.SECONDS);

        assertThat(o.done()).isTrue();
        assertThat(o.detail()).isEqualTo("strike released for 3000 ms");
        assertThat(rig.sent(READER, OutputControl.class))
                .containsExactly(OutputControl.of(Output.pulse(0, Duration.ofSeconds(3))));
        assertThat(rig.count(DriverMetrics.GATE_ACTUATIONS, "cause", "remote")).isEqualTo(1);
        rig.drivers.inputs(PD, inputs(true, false), Instant.now());
        assertThat(rig.events(EventKind.ALARM)).isEmpty();
        assertThat(rig.events(EventKind.DEVICE))
                .extracting(e -> ((GateInput) e.event()).state())
                .containsExactly(
                        GateInput.Change.DOOR_CLOSED, GateInput.Change.REMOTE_OPEN, GateInput.Change.DOOR_OPEN);
    }

    @Test
    void aRemoteOpenTheIoBoardCannotCarryOutFails() throws Exception {
        rig.result = io.courtyard.device.osdp.bus.CommandResult.Status.OFFLINE;

        Outcome o = rig.drivers.open("north-gate").get(5, TimeUnit.SECONDS);

        assertThat(o.status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(o.reason()).isEqualTo("offline");
    }

    @Test
    void aRemoteOpenInFireModeFindsTheStrikeHeldAndSendsNothingMore() throws Exception {
        rig.emergencies.raise(EmergencyMode.FIRE, "test");
        int before = rig.sent.size();

        Outcome o = rig.drivers.open("north-gate").get(5, TimeUnit.SECONDS);

        assertThat(o.done()).isTrue();
        assertThat(o.detail()).contains("fire mode");
        assertThat(rig.sent).hasSize(before);
    }
}

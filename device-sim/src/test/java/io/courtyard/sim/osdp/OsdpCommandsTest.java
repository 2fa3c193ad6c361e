package io.courtyard.sim.osdp;

import static io.courtyard.sim.testsupport.OsdpRig.KEY;
import static io.courtyard.sim.testsupport.OsdpRig.WAIT;
import static io.courtyard.sim.testsupport.OsdpRig.clear;
import static io.courtyard.sim.testsupport.OsdpRig.secure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.device.Bytes;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.BuzzerControl;
import io.courtyard.device.osdp.Command.OutputStatusRequest;
import io.courtyard.device.osdp.KeySet;
import io.courtyard.device.osdp.LedColor;
import io.courtyard.device.osdp.LedControl;
import io.courtyard.device.osdp.LedSetting;
import io.courtyard.device.osdp.LedSetting.Permanent;
import io.courtyard.device.osdp.LedSetting.PermanentAction;
import io.courtyard.device.osdp.LedSetting.Temporary;
import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.OutputStatus;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.bus.BusMetrics;
import io.courtyard.device.osdp.bus.CommandResult;
import io.courtyard.device.osdp.bus.CommandResult.Status;
import io.courtyard.sim.testsupport.OsdpRig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What drivers rely on, over real TCP: reports from PDs, and commands with a typed answer. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OsdpCommandsTest {
    private final OsdpRig rig = new OsdpRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private static CommandResult result(CompletableFuture<CommandResult> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void cardsArriveDecodedRawOrWithBadParityCounted() {
        EmulatedPd reader = rig.onlineReader();
        reader.presentCard(WiegandFormat.H10301, 123, 4567);
        reader.presentCard(WiegandFormat.CORPORATE_1000, 1234, 567890);
        reader.presentRaw(56, Bytes.fromHex("04a1b2c3d4e5f6"));
        reader.presentRaw(26, Bytes.fromHex("3d88eb80")); // H10301 123/4567 with its first parity bit flipped

        await().atMost(WAIT).until(() -> rig.listener().count("card", 1) == 4);
        assertThat(rig.listener().values("card", 1, CardRead.class))
                .containsExactly(
                        new CardRead.Card(WiegandFormat.H10301, 123, 4567),
                        new CardRead.Card(WiegandFormat.CORPORATE_1000, 1234, 567890),
                        new CardRead.RawCard(56, Bytes.fromHex("04a1b2c3d4e5f6")),
                        new CardRead.BadParity(WiegandFormat.H10301));
        assertThat(rig.counted(BusMetrics.CARDS, "kind", "bad_parity")).isEqualTo(1);
        assertThat(rig.counted(BusMetrics.CARDS, "kind", "card")).isEqualTo(2);
    }

    @Test
    void keysInputsTamperAndPowerAreReported() {
        EmulatedPd reader = rig.onlineReader();
        await().atMost(WAIT).until(() -> rig.listener().count("inputs", 1) == 1);
        reader.pressKeys("1234#");
        reader.setInput(1, true);
        reader.setTamper(true);
        reader.setPowerFailure(true);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rig.listener().values("keypad", 1, String.class)).containsExactly("1234#");
            assertThat(rig.listener().values("inputs", 1, InputStatus.class))
                    .last()
                    .satisfies(i -> assertThat(i.active(1)).isTrue());
            assertThat(rig.listener().values("localStatus", 1, List.class))
                    .containsExactly(List.of(false, false), List.of(true, false), List.of(true, true));
        });
    }

    @Test
    void outPulseTurnsTheOutputOnForItsTimeThenOff() throws Exception {
        EmulatedPd reader = rig.onlineReader();
        long t0 = System.nanoTime();
        CommandResult r =
                result(rig.buses().send("bus-a", 1, OutputControl.of(Output.pulse(0, Duration.ofMillis(400)))));

        assertThat(r.status()).isEqualTo(Status.ACKED);
        assertThat(r.sentNanos()).isGreaterThanOrEqualTo(t0);
        assertThat(reader.output(0)).isTrue();
        await().atMost(WAIT).until(() -> !reader.output(0));
        long onFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r.sentNanos());
        assertThat(onFor).isBetween(400L, 1500L);
        assertThat(reader.activations(0)).isEqualTo(1);
    }

    @Test
    void outputStatusAnswersWithTheStatesAndReachesTheListenerToo() throws Exception {
        EmulatedPd relays = new EmulatedPd(2, PdProfile.relayBoard(4, 4));
        rig.serve("bus-a", relays);
        rig.poll("bus-a", clear(2)).startAndAwaitOnline(2);
        result(rig.buses().send("bus-a", 2, OutputControl.of(Output.on(2))));

        CommandResult r = result(rig.buses().send("bus-a", 2, new OutputStatusRequest()));
        assertThat(r.reply()).hasValue(OutputStatus.of(false, false, true, false));
        await().atMost(WAIT).until(() -> rig.listener().count("outputs", 2) == 1);
    }

    @Test
    void ledAndBuzzerAreRecordedAndALedSetReadersRefuseIsNaked() throws Exception {
        EmulatedPd reader = rig.onlineReader();
        LedSetting green = LedSetting.show(0, 0, LedColor.GREEN, Duration.ofSeconds(2));
        assertThat(result(rig.buses().send("bus-a", 1, LedControl.of(green))).ok())
                .isTrue();
        assertThat(result(rig.buses().send("bus-a", 1, BuzzerControl.beep(0, Duration.ofMillis(200), Duration.ZERO, 1)))
                        .ok())
                .isTrue();
        LedSetting zeroTimes = new LedSetting(
                0, 0, Temporary.UNCHANGED, new Permanent(PermanentAction.SET, 0, 0, LedColor.RED, LedColor.BLACK));
        CommandResult refused = result(rig.buses().send("bus-a", 1, LedControl.of(zeroTimes)));

        assertThat(reader.led()).hasValue(green);
        assertThat(reader.buzzes()).hasSize(1);
        assertThat(refused.status()).isEqualTo(Status.NAKED);
        assertThat(refused.reply()).hasValue(Nak.of(Nak.Reason.UNABLE_TO_PROCESS));
        assertThat(rig.listener().presence(1)).containsExactly("online");
    }

    @Test
    void commandsThatCannotBeSentAreAnsweredAtOnce() throws Exception {
        rig.onlineReader();
        OutputControl strike = OutputControl.of(Output.pulse(0, Duration.ofSeconds(1)));
        assertThat(result(rig.buses().send("bus-a", 9, strike)).status()).isEqualTo(Status.UNKNOWN_DEVICE);
        assertThat(result(rig.buses().send("no-such-bus", 1, strike)).status()).isEqualTo(Status.UNKNOWN_DEVICE);
        CommandResult clearKey = result(rig.buses().send("bus-a", 1, KeySet.scbk(Scbk.fromHex(KEY))));
        assertThat(clearKey.status()).isEqualTo(Status.REFUSED);
        assertThat(clearKey.detail()).contains("never in clear");
    }

    @Test
    void aSlowPdsQueueFillsAndRefusesTheRest() throws Exception {
        EmulatedPd reader = rig.onlineReader();
        // Slower than a poll, faster than the timeout: the commands pile up behind each other.
        reader.replyDelay(Duration.ofMillis(40));
        List<CompletableFuture<CommandResult>> sent = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            sent.add(rig.buses().send("bus-a", 1, OutputControl.of(Output.pulse(0, Duration.ofMillis(100)))));
        }
        List<Status> statuses = new ArrayList<>();
        for (CompletableFuture<CommandResult> f : sent) {
            statuses.add(result(f).status());
        }
        assertThat(statuses).contains(Status.QUEUE_FULL).contains(Status.ACKED).doesNotContain(Status.TIMED_OUT);
        assertThat(rig.counted(BusMetrics.REFUSED, "reason", "queue_full"))
                .isEqualTo(statuses.stream().filter(s -> s == Status.QUEUE_FULL).count());
    }

    @Test
    void commandsInsideTheSecureChannelAreAckedAndTheOutputPulses() throws Exception {
        EmulatedPd reader = new EmulatedPd(1, PdProfile.reader().withScbk(Scbk.fromHex(KEY)));
        rig.serve("bus-a", reader);
        rig.poll("bus-a", secure(1, KEY)).startAndAwaitOnline(1);

        CommandResult r =
                result(rig.buses().send("bus-a", 1, OutputControl.of(Output.pulse(0, Duration.ofMillis(300)))));
        assertThat(r.ok()).isTrue();
        assertThat(reader.activations(0)).isEqualTo(1);
        await().atMost(WAIT).until(() -> !reader.output(0));
    }
}

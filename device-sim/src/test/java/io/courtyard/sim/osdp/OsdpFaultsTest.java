package io.courtyard.sim.osdp;

import static io.courtyard.sim.testsupport.OsdpRig.KEY;
import static io.courtyard.sim.testsupport.OsdpRig.WAIT;
import static io.courtyard.sim.testsupport.OsdpRig.clear;
import static io.courtyard.sim.testsupport.OsdpRig.secure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.device.card.CardRead;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.OsdpCodecMetrics;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.bus.BusMetrics;
import io.courtyard.device.osdp.bus.CommandResult;
import io.courtyard.device.osdp.bus.CommandResult.Status;
import io.courtyard.sim.testsupport.OsdpRig;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Silence, slowness, restarts, dropped and refused connections, and damaged bytes, over real TCP. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OsdpFaultsTest {
    private final OsdpRig rig = new OsdpRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private void cardStillArrives(EmulatedPd reader, int number) {
        reader.presentCard(WiegandFormat.H10301, 1, number);
        await().atMost(WAIT).until(() -> rig.listener().values("card", reader.address(), CardRead.class).stream()
                .anyMatch(c -> c instanceof CardRead.Card card && card.number() == number));
    }

    @Test
    void aSilentPdGoesOfflineAfterTheConfiguredMissesAndComesBack() throws Exception {
        EmulatedPd reader = rig.onlineReader();
        reader.silence(true);
        await().atMost(WAIT).until(() -> rig.listener().count("offline", 1) == 1);

        assertThat(rig.listener().values("offline", 1, String.class)).containsExactly("no reply to 3 attempts");
        assertThat(rig.counted(BusMetrics.TIMEOUTS)).isGreaterThanOrEqualTo(3);
        assertThat(rig.counted(BusMetrics.RETRIES)).isGreaterThanOrEqualTo(2);
        CommandResult whileOffline =
                rig.buses().send("bus-a", 1, OutputControl.of(Output.on(0))).get(5, TimeUnit.SECONDS);
        assertThat(whileOffline.status()).isEqualTo(Status.OFFLINE);

        reader.silence(false);
        rig.awaitOnline(1, 2);
        assertThat(rig.listener().presence(1)).containsExactly("online", "offline", "online");
        cardStillArrives(reader, 7);
    }

    @Test
    void aSecurePdThatFallsSilentIsHandshakenAgainWhenItReturns() {
        EmulatedPd reader = new EmulatedPd(1, PdProfile.reader().withScbk(Scbk.fromHex(KEY)));
        rig.serve("bus-a", reader);
        rig.poll("bus-a", secure(1, KEY)).startAndAwaitOnline(1);
        reader.silence(true);
        await().atMost(WAIT).until(() -> rig.listener().count("offline", 1) == 1);

        reader.silence(false);
        rig.awaitOnline(1, 2);
        assertThat(reader.stats().sessions()).isEqualTo(2);
        cardStillArrives(reader, 13);
    }

    @Test
    void aCommandToAPdThatFallsSilentTimesOut() throws Exception {
        EmulatedPd reader = rig.onlineReader();
        reader.silence(true);
        CommandResult r = rig.buses()
                .send("bus-a", 1, OutputControl.of(Output.pulse(0, Duration.ofSeconds(1))))
                .get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(Status.TIMED_OUT);
        assertThat(r.sentNanos()).isPositive();
        assertThat(reader.activations(0)).isZero();
    }

    @Test
    void oneDeadPdDoesNotStopTheOthersOnItsBus() {
        EmulatedPd alive = new EmulatedPd(1, PdProfile.reader());
        EmulatedPd dead = new EmulatedPd(2, PdProfile.reader());
        rig.serve("bus-a", alive, dead);
        rig.poll("bus-a", clear(1), clear(2)).startAndAwaitOnline(1, 2);
        dead.silence(true);
        await().atMost(WAIT).until(() -> rig.listener().count("offline", 2) == 1);

        for (int n = 1; n <= 5; n++) {
            cardStillArrives(alive, n);
        }
        assertThat(rig.listener().presence(1)).containsExactly("online");
    }

    @Test
    void theBusReconnectsAfterTheSerialServerDropsTheConnection() {
        EmulatedPd reader = rig.onlineReader();
        rig.sim().bus("bus-a").disconnect();

        await().atMost(WAIT).until(() -> rig.listener().count("offline", 1) == 1);
        assertThat(rig.listener().values("offline", 1, String.class))
                .containsExactly("connection to the serial server lost");
        rig.awaitOnline(1, 2);
        assertThat(rig.sim().bus("bus-a").connectionsAccepted()).isEqualTo(2);
        assertThat(rig.counted(BusMetrics.RECONNECTS)).isGreaterThanOrEqualTo(1);
        cardStillArrives(reader, 8);
    }

    @Test
    void theBusKeepsRetryingWhileTheSerialServerRefusesAndRecoversWhenItAccepts() {
        EmulatedPd reader = rig.onlineReader();
        SerialServer server = rig.sim().bus("bus-a");
        server.refuse();
        await().atMost(WAIT).until(() -> rig.counted(BusMetrics.RECONNECTS) >= 4);
        assertThat(rig.listener().count("online", 1)).isEqualTo(1);

        server.accept();
        rig.awaitOnline(1, 2);
        cardStillArrives(reader, 9);
    }

    @Test
    void lateRepliesAnswerTheRetryUntilTheyComeAfterTheLastOneThenTheyAreStray() {
        EmulatedPd reader = rig.onlineReader();
        // Later than one timeout: the retry carries the same sequence, so the late reply answers it.
        reader.replyDelay(Duration.ofMillis(150));
        double retries = rig.counted(BusMetrics.RETRIES);
        cardStillArrives(reader, 10);
        assertThat(rig.counted(BusMetrics.RETRIES)).isGreaterThan(retries);
        assertThat(rig.listener().presence(1)).containsExactly("online");

        // Later than all attempts together: offline, and the replies that trickle in answer nothing.
        reader.replyDelay(Duration.ofMillis(400));
        await().atMost(WAIT).until(() -> rig.listener().count("offline", 1) == 1);
        await().atMost(WAIT).until(() -> rig.counted(BusMetrics.STRAY) > 0);

        reader.replyDelay(Duration.ZERO);
        rig.awaitOnline(1, 2);
        cardStillArrives(reader, 12);
    }

    @Test
    void aPdThatRestartsIsRediscoveredAfterItsSequenceNak() {
        EmulatedPd reader = rig.onlineReader();
        reader.restart();

        rig.awaitOnline(1, 2);
        assertThat(rig.listener().values("offline", 1, String.class))
                .singleElement()
                .asString()
                .contains("lost the sequence");
        cardStillArrives(reader, 11);
    }

    @Test
    void aSecureChannelThePdDroppedWhenIdleIsOpenedAgain() {
        EmulatedPd reader = new EmulatedPd(1, PdProfile.reader().withScbk(Scbk.fromHex(KEY)));
        rig.serve("bus-a", reader).secureIdleTimeout(Duration.ofMillis(150));
        // Polls far apart: the PD's idle timer runs out between them.
        rig.poll("bus-a", Duration.ofMillis(400), secure(1, KEY)).startAndAwaitOnline(1);

        await().atMost(WAIT).until(() -> rig.listener().count("offline", 1) >= 1);
        assertThat(rig.listener().values("offline", 1, String.class).get(0))
                .contains("Secure Channel lost")
                .contains("NAK 0x06");
        rig.awaitOnline(1, 2);
        assertThat(rig.counted(BusMetrics.VIOLATIONS))
                .as("a PD that says it lost the session is no attack")
                .isZero();
        assertThat(reader.stats().sessions()).isGreaterThanOrEqualTo(2);
    }

    /** Acceptance 3 of issue 5: damaged traffic is counted, the decoder resynchronises, the bus works on. */
    enum Damage {
        BAD_CRC((wire, pd) -> wire.corruptNextReplies(1), OsdpCodecMetrics.ERRORS, "kind", "bad_crc"),
        TRUNCATED_FRAME((wire, pd) -> wire.truncateNextReply(), OsdpCodecMetrics.ERRORS, "kind", "truncated"),
        OVERSIZE_LENGTH(
                (wire, pd) -> wire.oversizeHeaderBeforeNextReply(), OsdpCodecMetrics.ERRORS, "kind", "oversize"),
        GARBAGE_BETWEEN_FRAMES(
                (wire, pd) -> wire.garbageBeforeNextReply(new byte[] {0x01, 0x02, (byte) 0xAA, 0x00, 0x7E}),
                OsdpCodecMetrics.GARBAGE),
        GARBAGE_WITH_A_FALSE_START(
                (wire, pd) -> wire.garbageBeforeNextReply(new byte[] {0x11, 0x53, 0x01, 0x09}),
                OsdpCodecMetrics.ERRORS),
        UNKNOWN_REPLY((wire, pd) -> pd.unknownReplies(1), OsdpCodecMetrics.UNKNOWN);

        final BiConsumer<WireFaults, EmulatedPd> arm;
        final String meter;
        final String[] tags;

        Damage(BiConsumer<WireFaults, EmulatedPd> arm, String meter, String... tags) {
            this.arm = arm;
            this.meter = meter;
            this.tags = tags;
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damagedRepliesAreCountedAndTheBusKeepsWorking(Damage damage) {
        EmulatedPd reader = rig.onlineReader();
        WireFaults wire = rig.sim().bus("bus-a").faults();
        for (int round = 1; round <= 3; round++) {
            double before = rig.counted(damage.meter, damage.tags);
            damage.arm.accept(wire, reader);
            await().atMost(WAIT).until(() -> rig.counted(damage.meter, damage.tags) > before);
            cardStillArrives(reader, 100 + round);
        }
        assertThat(rig.listener().presence(1)).containsExactly("online");
        assertThat(rig.listener().values("card", 1, CardRead.class)).hasSize(3);
    }
}

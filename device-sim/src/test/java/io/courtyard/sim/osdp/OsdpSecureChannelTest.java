package io.courtyard.sim.osdp;

import static io.courtyard.sim.testsupport.OsdpRig.KEY;
import static io.courtyard.sim.testsupport.OsdpRig.WAIT;
import static io.courtyard.sim.testsupport.OsdpRig.clear;
import static io.courtyard.sim.testsupport.OsdpRig.install;
import static io.courtyard.sim.testsupport.OsdpRig.secure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.device.Bytes;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.KeypadData;
import io.courtyard.device.osdp.OsdpFrame;
import io.courtyard.device.osdp.RawCardData;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.LocalStatus;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.device.osdp.SecurityBlock;
import io.courtyard.device.osdp.bus.BusMetrics;
import io.courtyard.device.osdp.bus.PdInfo;
import io.courtyard.device.osdp.bus.PdInfo.Security;
import io.courtyard.device.osdp.bus.Violation;
import io.courtyard.sim.testsupport.OsdpRig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 8, High 1 and the OSDP interoperability items, over real TCP: what someone on the RS-485
 * pair or the serial-server link injects into a Secure Channel session is refused and breaks the
 * session, which is opened again; readers that reboot or come factory-fresh are handled.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OsdpSecureChannelTest {
    private static final String VIOLATIONS = BusMetrics.VIOLATIONS;

    private static final RawCardData RESIDENT_CARD =
            new RawCardData(0, RawCardData.FORMAT_WIEGAND, 26, Wiegand.encode(WiegandFormat.H10301, 12, 1001));
    private static final KeypadData PIN = new KeypadData(0, Bytes.of("1234\r".getBytes(StandardCharsets.US_ASCII)));
    private static final InputStatus EXIT_PRESSED = InputStatus.of(false, true);
    private static final LocalStatus NO_TAMPER = new LocalStatus(false, false);

    private final OsdpRig rig = new OsdpRig();

    @AfterEach
    void close() {
        rig.close();
    }

    private EmulatedPd secureReader(PdProfile profile) {
        EmulatedPd reader = new EmulatedPd(1, profile.withScbk(Scbk.fromHex(KEY)));
        rig.serve("bus-a", reader);
        rig.poll("bus-a", secure(1, KEY)).startAndAwaitOnline(1);
        return reader;
    }

    private void cardStillArrives(EmulatedPd reader, int number) {
        reader.presentCard(WiegandFormat.H10301, 1, number);
        await().atMost(WAIT).until(() -> rig.listener().values("card", reader.address(), CardRead.class).stream()
                .anyMatch(c -> c instanceof CardRead.Card card && card.number() == number));
    }

    /** What is injected, and the kind of violation the gateway counts it as. */
    enum Injected {
        PLAINTEXT_CARD(Forgery.Plaintext::new, RESIDENT_CARD, "plaintext"),
        PLAINTEXT_KEYPAD(Forgery.Plaintext::new, PIN, "plaintext"),
        PLAINTEXT_EXIT_BUTTON(Forgery.Plaintext::new, EXIT_PRESSED, "plaintext"),
        PLAINTEXT_NO_TAMPER(Forgery.Plaintext::new, NO_TAMPER, "plaintext"),
        FORGED_MAC_CARD(Forgery.ForgedMac::new, RESIDENT_CARD, "bad-mac"),
        FORGED_MAC_EXIT_BUTTON(Forgery.ForgedMac::new, EXIT_PRESSED, "bad-mac"),
        HANDSHAKE_BLOCK_CARD(Forgery.HandshakeBlock::new, RESIDENT_CARD, "wrong-block"),
        COMMAND_BLOCK_CARD(Forgery.CommandBlock::new, RESIDENT_CARD, "wrong-block");

        final Forgery forgery;
        final String kind;

        Injected(Function<Reply, Forgery> forge, Reply reply, String kind) {
            this.forgery = forge.apply(reply);
            this.kind = kind;
        }
    }

    @ParameterizedTest
    @EnumSource(Injected.class)
    void aReplyInjectedMidSessionIsRefusedBreaksTheSessionAndTheReaderIsHandshakenAgain(Injected injected) {
        EmulatedPd reader = secureReader(PdProfile.reader());
        reader.setTamper(true);
        await().atMost(WAIT)
                .until(() ->
                        rig.listener().values("localStatus", 1, Object.class).contains(List.of(true, false)));

        reader.forge(injected.forgery);
        await().atMost(WAIT).until(() -> !reader.forgeryPending());
        rig.awaitOnline(1, 2);

        assertThat(rig.listener().presence(1)).containsExactly("online", "offline", "online");
        assertThat(rig.listener().values("offline", 1, String.class).get(0)).contains("Secure Channel");
        assertThat(rig.counted(VIOLATIONS, "kind", injected.kind)).isEqualTo(1);
        assertThat(rig.listener().values("violation", 1, Violation.class))
                .extracting(Violation::tag)
                .containsExactly(injected.kind);
        assertThat(reader.stats().sessions()).as("handshaken again").isEqualTo(2);
        // Nothing the injected reply carried reached the listeners.
        assertThat(rig.listener().count("card", 1)).isZero();
        assertThat(rig.listener().count("keypad", 1)).isZero();
        assertThat(rig.listener().values("inputs", 1, InputStatus.class)).noneMatch(i -> i.active(1));
        List<Object> status = rig.listener().values("localStatus", 1, Object.class);
        assertThat(status.subList(status.indexOf(List.of(true, false)), status.size()))
                .as("the tamper switch is never reported closed by the injection")
                .containsOnly(List.of(true, false));
        // The genuine reader carries on under its new session.
        cardStillArrives(reader, 21);
        assertThat(rig.listener().presence(1)).containsExactly("online", "offline", "online");
    }

    @Test
    void aSealedCardReadCapturedOnTheLineAndReplayedLaterIsRefused() {
        EmulatedPd reader = secureReader(PdProfile.reader());
        cardStillArrives(reader, 1001);
        OsdpFrame captured = reader.sentFrames().stream()
                .filter(f -> f.code() == RawCardData.CODE)
                .findFirst()
                .orElseThrow();
        assertThat(captured.securityBlock().type()).as("sealed and encrypted").isEqualTo(SecurityBlock.SCS_18);

        reader.forge(new Forgery.Replay(captured));
        await().atMost(WAIT).until(() -> !reader.forgeryPending());
        rig.awaitOnline(1, 2);

        assertThat(rig.listener().count("card", 1))
                .as("the replayed read is not a second card")
                .isEqualTo(1);
        assertThat(rig.counted(VIOLATIONS, "kind", "bad-mac")).isEqualTo(1);
        assertThat(rig.listener().presence(1)).containsExactly("online", "offline", "online");
    }

    @Test
    void aPlaintextImpostorInPlaceOfASecureReaderNeverShowsOnlineAgain() {
        EmulatedPd reader = secureReader(PdProfile.reader());
        reader.impostor(true);
        reader.presentCard(WiegandFormat.H10301, 12, 1001);

        await().atMost(WAIT).until(() -> rig.listener().count("offline", 1) == 1);
        assertThat(rig.listener().values("offline", 1, String.class).get(0)).contains("Secure Channel");
        // Probed again and again: it answers ID and CAP in clear and cannot answer CHLNG.
        double commands = rig.counted(BusMetrics.COMMANDS);
        await().atMost(WAIT).until(() -> rig.counted(BusMetrics.COMMANDS) > commands + 9);
        assertThat(rig.listener().count("online", 1)).isEqualTo(1);
        assertThat(rig.listener().count("card", 1)).isZero();
        assertThat(rig.counted(VIOLATIONS, "kind", "plaintext")).isGreaterThanOrEqualTo(1);

        // The real reader back on the line: a new session, and its cards count again.
        reader.impostor(false);
        rig.awaitOnline(1, 2);
        assertThat(rig.listener().values("online", 1, PdInfo.class).get(1).security())
                .isEqualTo(Security.SECURE_CHANNEL);
        cardStillArrives(reader, 22);
    }

    @ParameterizedTest(name = "secure channel: {0}")
    @ValueSource(booleans = {false, true})
    void aReaderThatRebootsIsRediscoveredFromItsSequenceNakWhateverItsNumber(boolean secureChannel) {
        EmulatedPd reader;
        if (secureChannel) {
            reader = secureReader(PdProfile.reader().withSequenceNakAtZero());
        } else {
            reader = new EmulatedPd(1, PdProfile.reader().withSequenceNakAtZero());
            rig.serve("bus-a", reader);
            rig.poll("bus-a", clear(1)).startAndAwaitOnline(1);
        }

        reader.restart();
        rig.awaitOnline(1, 2);

        assertThat(rig.listener().values("offline", 1, String.class))
                .singleElement()
                .asString()
                .contains("lost the sequence");
        assertThat(rig.counted(BusMetrics.STRAY))
                .as("the NAK numbered 0 answered the command")
                .isZero();
        assertThat(rig.counted(VIOLATIONS)).as("a reboot is no attack").isZero();
        assertThat(rig.listener().count("violation", 1)).isZero();
        cardStillArrives(reader, 23);
    }

    @Test
    void installModeProvisionsAReaderThatAnswersEveryChallengeWithItsDefaultKey() {
        EmulatedPd fresh = new EmulatedPd(1, PdProfile.reader().defaultKeyOnly());
        rig.serve("bus-a", fresh);
        rig.poll("bus-a", install(1, KEY)).startAndAwaitOnline(1);

        assertThat(rig.listener().values("online", 1, PdInfo.class).get(0).security())
                .isEqualTo(Security.SECURE_CHANNEL);
        assertThat(fresh.scbk()).isEqualTo(Scbk.fromHex(KEY));
        // SCBK-D session for KEYSET, then the paired one.
        assertThat(fresh.stats().sessions()).isEqualTo(2);
        assertThat(rig.listener().presence(1)).containsExactly("online");
        assertThat(rig.listener().count("provisioned", 1)).isEqualTo(1);
        cardStillArrives(fresh, 24);
    }
}

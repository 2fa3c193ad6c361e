package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.Command.Poll;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.Reply.Ack;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A CP pipeline and a PD pipeline run the Secure Channel against each other over real bytes. */
class SecureChannelTest extends OsdpCodecTestBase {
    static final Scbk KEY = Scbk.fromHex("8f2d61c05be74a1399e0d3b4a5c6f718");
    static final Scbk OTHER_KEY = Scbk.fromHex("00112233445566778899aabbccddeeff");
    static final Bytes CUID = Bytes.fromHex("5c26610000001234");
    static final OutputControl STRIKE = OutputControl.of(Output.pulse(0, Duration.ofSeconds(3)));
    static final RawCardData CARD = new RawCardData(0, RawCardData.FORMAT_WIEGAND, 26, Bytes.fromHex("bd88eb80"));

    private final SecureRandom random = new SecureRandom();
    private SecureSessions cpSessions;
    private SecureSessions pdSessions;
    private EmbeddedChannel cp;
    private EmbeddedChannel pd;

    @BeforeEach
    void channels() {
        cpSessions = new SecureSessions();
        pdSessions = new SecureSessions();
        cp = cp(cpSessions);
        pd = pd(pdSessions);
    }

    /** CHLNG, CCRYPT, SCRYPT, RMAC_I over the two pipelines; installs the PD's session, returns the CP's. */
    static SecureSession handshake(
            EmbeddedChannel cp, EmbeddedChannel pd, SecureSessions pdSessions, CpHandshake cpSide, PdHandshake pdSide) {
        int a = cpSide.pdAddress();
        OsdpPacket chlng = sendOne(cp, pd, command(a, 1, cpSide.challenge()));
        OsdpPacket ccrypt = sendOne(pd, cp, OsdpPacket.replyTo(chlng, pdSide.onChallenge((Challenge) chlng.message())));
        if (!(ccrypt.message() instanceof ClientCryptogram answer)) {
            throw new AssertionError("PD answered CHLNG with " + ccrypt.message());
        }
        OsdpPacket scrypt = sendOne(cp, pd, command(a, 2, cpSide.onClientCryptogram(answer)));
        Reply rmacI = pdSide.onServerCryptogram((ServerCryptogram) scrypt.message());
        pdSide.session().ifPresent(s -> pdSessions.put(a, s));
        OsdpPacket reply = sendOne(pd, cp, OsdpPacket.replyTo(scrypt, rmacI));
        if (!(reply.message() instanceof InitialRmac initial)) {
            throw new AssertionError("PD answered SCRYPT with " + reply.message());
        }
        return cpSide.onInitialRmac(initial);
    }

    private void open() {
        cpSessions.put(
                1,
                handshake(
                        cp,
                        pd,
                        pdSessions,
                        CpHandshake.paired(1, KEY, random),
                        new PdHandshake(KEY, false, CUID, random)));
    }

    @Test
    void afterTheHandshakeCommandsAndRepliesTravelMacdAndEncryptedBothWays() {
        open();
        Sequence seq = new Sequence();
        for (int round = 0; round < 6; round++) {
            byte[] out = wire(cp, command(1, seq.next(), STRIKE));
            assertThat(out[6]).as("SCS_17 on a command with data").isEqualTo((byte) SecurityBlock.SCS_17);
            writeBytes(pd, out);
            OsdpPacket atPd = inbound(pd, OsdpPacket.class).get(0);
            assertThat(atPd.secured()).isTrue();
            assertThat(atPd.message()).isEqualTo(STRIKE);

            byte[] raw = wire(pd, OsdpPacket.replyTo(atPd, CARD));
            assertThat(raw[6]).as("SCS_18 on a reply with data").isEqualTo((byte) SecurityBlock.SCS_18);
            assertThat(hex(raw)).doesNotContain("bd88eb80");
            writeBytes(cp, raw);
            OsdpPacket atCp = inbound(cp, OsdpPacket.class).get(0);
            assertThat(atCp.secured()).isTrue();
            assertThat(atCp.message()).isEqualTo(CARD);

            byte[] poll = wire(cp, command(1, seq.next(), new Poll()));
            assertThat(poll[6]).as("SCS_15 without data").isEqualTo((byte) SecurityBlock.SCS_15);
            writeBytes(pd, poll);
            OsdpPacket polled = inbound(pd, OsdpPacket.class).get(0);
            byte[] ack = wire(pd, OsdpPacket.replyTo(polled, new Ack()));
            assertThat(ack[6]).as("SCS_16 without data").isEqualTo((byte) SecurityBlock.SCS_16);
            writeBytes(cp, ack);
            assertThat(inbound(cp, OsdpPacket.class)).singleElement().matches(OsdpPacket::secured);
        }
        assertThat(errors).isEmpty();
    }

    static IntStream tamperOffsets() {
        // Address, control, security block, code, encrypted data and MAC of a sealed OUT; CRC recomputed.
        return IntStream.concat(IntStream.of(1), IntStream.range(4, 28));
    }

    @ParameterizedTest(name = "byte {0}")
    @MethodSource("tamperOffsets")
    void changingAnyByteOfASealedCommandIsRejectedEvenWithAValidCrc(int offset) {
        open();
        byte[] out = wire(cp, command(1, 3, STRIKE));
        assertThat(out).hasSize(30);
        out[offset] ^= 0x01;
        int crc = CheckMode.CRC.compute(Unpooled.wrappedBuffer(out), 0, out.length - 2);
        out[out.length - 2] = (byte) crc;
        out[out.length - 1] = (byte) (crc >>> 8);

        writeBytes(pd, out);
        assertThat(inbound(pd, OsdpPacket.class)).isEmpty();
        assertThat(errors).singleElement().isInstanceOf(OsdpException.class);
        if (offset >= 8) {
            assertThat(((OsdpException) errors.get(0)).error()).isEqualTo(OsdpError.BAD_MAC);
        }
    }

    @Test
    void sessionStaysBrokenAfterAMacFailureUntilAFreshHandshake() {
        open();
        byte[] genuine = wire(cp, command(1, 3, STRIKE));
        byte[] forged = genuine.clone();
        forged[10] ^= 0x55;
        int crc = CheckMode.CRC.compute(Unpooled.wrappedBuffer(forged), 0, forged.length - 2);
        forged[forged.length - 2] = (byte) crc;
        forged[forged.length - 1] = (byte) (crc >>> 8);
        writeBytes(pd, forged);
        writeBytes(pd, genuine);
        assertThat(inbound(pd, OsdpPacket.class)).isEmpty();
        assertThat(errors)
                .extracting(e -> ((OsdpException) e).error())
                .containsExactly(OsdpError.BAD_MAC, OsdpError.NO_SESSION);
        assertThat(pdSessions.get(1))
                .hasValueSatisfying(s -> assertThat(s.isBroken()).isTrue());

        open();
        assertThat(sendOne(cp, pd, command(1, 3, STRIKE)).secured()).isTrue();
    }

    @Test
    void panelRefusesToSendOnASessionBrokenByAForgedReply() {
        open();
        writeBytes(pd, wire(cp, command(1, 3, new Poll())));
        byte[] ack = wire(pd, OsdpPacket.replyTo(inbound(pd, OsdpPacket.class).get(0), new Ack()));
        ack[9] ^= 0x01; // a MAC byte
        int crc = CheckMode.CRC.compute(Unpooled.wrappedBuffer(ack), 0, ack.length - 2);
        ack[ack.length - 2] = (byte) crc;
        ack[ack.length - 1] = (byte) (crc >>> 8);
        writeBytes(cp, ack);
        assertThat(((OsdpException) errors.get(0)).error()).isEqualTo(OsdpError.BAD_MAC);

        assertThatThrownBy(() -> cp.writeOutbound(command(1, 1, STRIKE)))
                .isInstanceOf(EncoderException.class)
                .hasCauseInstanceOf(SecureChannelException.class);
    }

    @Test
    void wrongScbkFailsTheHandshakeAtThePanel() {
        CpHandshake panel = CpHandshake.paired(1, KEY, random);
        assertThatThrownBy(() -> handshake(cp, pd, pdSessions, panel, new PdHandshake(OTHER_KEY, false, CUID, random)))
                .isInstanceOfSatisfying(SecureChannelException.class, e -> {
                    assertThat(e.error()).isEqualTo(OsdpError.HANDSHAKE);
                    assertThat(e.getMessage()).contains("client cryptogram does not match");
                });
        assertThat(panel.failed()).isTrue();
        assertThat(cpSessions.get(1)).isEmpty();
        assertThat(pdSessions.get(1)).isEmpty();
    }

    @Test
    void pdAnswersAServerCryptogramItCannotVerifyWithNak() {
        PdHandshake device = new PdHandshake(KEY, false, CUID, random);
        device.onChallenge(CpHandshake.paired(1, KEY, random).challenge());
        Reply r = device.onServerCryptogram(new ServerCryptogram(Bytes.of(new byte[16]), false));
        assertThat(r).isInstanceOfSatisfying(Nak.class, n -> assertThat(n.reason())
                .hasValue(Nak.Reason.SECURITY_UNSUPPORTED));
        assertThat(device.session()).isEmpty();
    }

    @Test
    void scbkDIsRefusedByAPdOutsideInstallMode() {
        Reply r = new PdHandshake(KEY, false, CUID, random)
                .onChallenge(CpHandshake.install(1, random).challenge());
        assertThat(r).isEqualTo(Nak.of(Nak.Reason.SECURITY_UNSUPPORTED));
    }

    @Test
    void panelNeverUsesScbkDUnlessAskedForInstallMode() {
        assertThatThrownBy(() -> CpHandshake.paired(1, Scbk.DEFAULT, random))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("install");
        CpHandshake panel = CpHandshake.paired(1, KEY, random);
        panel.challenge();
        // A PD answering for SCBK-D when the panel asked for its own key is refused.
        ClientCryptogram forDefault = (ClientCryptogram) new PdHandshake(null, true, CUID, random)
                .onChallenge(CpHandshake.install(1, random).challenge());
        assertThatThrownBy(() -> panel.onClientCryptogram(forDefault))
                .isInstanceOfSatisfying(SecureChannelException.class, e -> assertThat(e.getMessage())
                        .contains("SCBK-D"));
    }

    @Test
    void installModeHandsThePdItsKeyWithKeysetThenThePairedKeyWorks() {
        SecureSession install = handshake(
                cp, pd, pdSessions, CpHandshake.install(1, random), new PdHandshake(null, true, CUID, random));
        assertThat(install.usesDefaultKey()).isTrue();
        cpSessions.put(1, install);
        OsdpPacket keyset = sendOne(cp, pd, command(1, 3, KeySet.scbk(KEY)));
        assertThat(keyset.secured()).isTrue();
        Scbk stored = ((KeySet) keyset.message()).asScbk();
        assertThat(stored).isEqualTo(KEY);
        assertThat(keyset.message().toString()).doesNotContain(KEY.bytes().hex());
        sendOne(pd, cp, OsdpPacket.replyTo(keyset, new Ack()));

        cpSessions.put(
                1,
                handshake(
                        cp,
                        pd,
                        pdSessions,
                        CpHandshake.paired(1, KEY, random),
                        new PdHandshake(stored, false, CUID, random)));
        assertThat(sendOne(cp, pd, command(1, 3, STRIKE)).secured()).isTrue();
        assertThat(cpSessions.get(1))
                .hasValueSatisfying(s -> assertThat(s.usesDefaultKey()).isFalse());
    }

    @Test
    void retriedCommandAndRepeatedReplyAreByteIdenticalAndTheChainHolds() {
        open();
        OsdpPacket strike = command(1, 3, STRIKE);
        byte[] first = wire(cp, strike);
        writeBytes(pd, first);
        OsdpPacket atPd = inbound(pd, OsdpPacket.class).get(0);
        byte[] lostReply = wire(pd, OsdpPacket.replyTo(atPd, new Ack()));

        // The reply never reached the panel; after its timeout it sends the same command again.
        byte[] retry = wire(cp, strike);
        assertThat(retry).isEqualTo(first);
        writeBytes(pd, retry);
        OsdpPacket repeat = inbound(pd, OsdpPacket.class).get(0);
        assertThat(repeat.repeated()).isTrue();
        assertThat(repeat.message()).isEqualTo(STRIKE);
        byte[] again = wire(pd, OsdpPacket.replyTo(repeat, new Ack()));
        assertThat(again).isEqualTo(lostReply);
        writeBytes(cp, again);
        assertThat(inbound(cp, OsdpPacket.class)).singleElement().matches(OsdpPacket::secured);

        assertThat(sendOne(cp, pd, command(1, 1, new Poll())).repeated()).isFalse();
        assertThat(errors).isEmpty();
        assertThat(counted(OsdpCodecMetrics.REPEATS)).isEqualTo(1);
    }

    @Test
    void aVerifiedReplyThePollerDroppedAsLateLeavesAChainTheRetryStillFits() {
        open();
        OsdpPacket strike = command(1, 3, STRIKE);
        writeBytes(pd, wire(cp, strike));
        OsdpPacket atPd = inbound(pd, OsdpPacket.class).get(0);
        // The codec opens the ACK, the chain moves on, but the poller had given up on the exchange.
        writeBytes(cp, wire(pd, OsdpPacket.replyTo(atPd, new Ack())));
        assertThat(inbound(cp, OsdpPacket.class)).singleElement().matches(OsdpPacket::secured);

        writeBytes(pd, wire(cp, strike));
        OsdpPacket retry = inbound(pd, OsdpPacket.class).get(0);
        assertThat(retry.secured())
                .as("sealed on the moved chain, and the PD's chain moved alike")
                .isTrue();
        writeBytes(cp, wire(pd, OsdpPacket.replyTo(retry, new Ack())));
        assertThat(inbound(cp, OsdpPacket.class)).singleElement().matches(OsdpPacket::secured);
        assertThat(errors).isEmpty();
    }

    /** A frame as someone on the line puts it there: through the PD's encoder, past its sealing. */
    private byte[] onTheLine(OsdpFrame frame) {
        pd.writeOutbound(frame);
        return outboundBytes(pd);
    }

    @Test
    void aPlaintextReplyInSessionArrivesMarkedUnsecuredForThePollerToRefuse() {
        open();
        writeBytes(pd, wire(cp, command(1, 3, new Poll())));
        inbound(pd, OsdpPacket.class);

        writeBytes(cp, onTheLine(OsdpFrame.of(1, true, 3, CheckMode.CRC, null, RawCardData.CODE, CARD.payload())));

        assertThat(inbound(cp, OsdpPacket.class)).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo(CARD);
            assertThat(p.secured()).as("no MAC, so never secured").isFalse();
        });
    }

    @Test
    void aHandshakeBlockOnOrdinaryTrafficIsRefusedAsAWrongBlock() {
        open();
        SecurityBlock accepted = new SecurityBlock(SecurityBlock.SCS_14, Bytes.ofUnsigned(1));
        writeBytes(cp, onTheLine(OsdpFrame.of(1, true, 3, CheckMode.CRC, accepted, RawCardData.CODE, CARD.payload())));

        assertThat(inbound(cp, OsdpPacket.class)).isEmpty();
        assertThat(errors).singleElement().satisfies(e -> assertThat(((OsdpException) e).error())
                .isEqualTo(OsdpError.BAD_SECURITY_BLOCK));
    }

    @Test
    void aKeySetOrACommandMarkedSealedNeverLeavesInClear() {
        assertThatThrownBy(() -> cp.writeOutbound(command(1, 1, KeySet.scbk(KEY))))
                .isInstanceOf(EncoderException.class)
                .hasCauseInstanceOf(SecureChannelException.class)
                .hasMessageNotContaining(KEY.bytes().hex());
        assertThatThrownBy(() -> cp.writeOutbound(OsdpPacket.sealedCommand(1, 1, CheckMode.CRC, STRIKE)))
                .isInstanceOf(EncoderException.class)
                .hasCauseInstanceOf(SecureChannelException.class);
        assertThat(outboundBytes(cp)).as("nothing reached the wire").isEmpty();

        open();
        assertThat(sendOne(cp, pd, OsdpPacket.sealedCommand(1, 3, CheckMode.CRC, STRIKE))
                        .secured())
                .isTrue();
    }

    @Test
    void keysNeverAppearInToString() {
        assertThat(KEY.toString()).doesNotContain(KEY.bytes().hex()).contains("****");
        assertThat(Scbk.DEFAULT.toString()).contains("SCBK-D");
        assertThat(CARD.toString()).doesNotContain("bd88eb80");
    }
}

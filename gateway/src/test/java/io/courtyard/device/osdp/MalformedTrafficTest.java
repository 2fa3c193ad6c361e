package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.Command.Poll;
import io.courtyard.device.osdp.Reply.Ack;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad traffic from a PD never stops the panel's pipeline: each problem is reported as a typed
 * exception naming the value, counted, and the next valid frame decodes.
 */
class MalformedTrafficTest extends OsdpCodecTestBase {
    private EmbeddedChannel pd;
    private EmbeddedChannel cp;
    private byte[] ack;
    private byte[] raw;

    @BeforeEach
    void frames() {
        pd = pd();
        cp = cp();
        ack = wire(pd, OsdpPacket.replyTo(command(1, 1, new Poll()), new Ack()));
        raw = wire(
                pd,
                OsdpPacket.replyTo(
                        command(1, 2, new Poll()),
                        new RawCardData(0, RawCardData.FORMAT_WIEGAND, 26, Bytes.fromHex("bd88eb80"))));
    }

    @Test
    void badCrcIsReportedWithBothValuesAndTheNextFrameDecodes() {
        byte[] bad = ack.clone();
        bad[bad.length - 1] ^= 0x01;
        writeBytes(cp, concat(bad, raw));
        assertThat(inbound(cp, OsdpPacket.class))
                .singleElement()
                .extracting(OsdpPacket::message)
                .isInstanceOf(RawCardData.class);
        assertThat(errors).singleElement().isInstanceOfSatisfying(OsdpFrameException.class, e -> {
            assertThat(e.error()).isEqualTo(OsdpError.BAD_CRC);
            assertThat(e.pdAddress()).hasValue(1);
            assertThat(e.getMessage()).contains("0x" + crcOf(bad)).contains("computed");
        });
        assertThat(errorCount(OsdpError.BAD_CRC)).isEqualTo(1);
        assertThat(cp.isActive()).isTrue();
    }

    @Test
    void badChecksumIsReportedAsSuch() {
        byte[] bad = wire(pd, OsdpPacket.replyTo(OsdpPacket.command(1, 1, CheckMode.CHECKSUM, new Poll()), new Ack()));
        bad[bad.length - 1] ^= 0x40;
        writeBytes(cp, concat(bad, ack));
        assertThat(inbound(cp, OsdpPacket.class)).hasSize(1);
        assertThat(errorCount(OsdpError.BAD_CHECKSUM)).isEqualTo(1);
    }

    @Test
    void truncatedFrameIsRejectedOnceTheNextFrameArrivesAndThatFrameStillDecodes() {
        // A PD stops mid-reply; its length field then swallows the start of the next reply.
        byte[] cut = Arrays.copyOf(raw, raw.length - 5);
        writeBytes(cp, cut);
        assertThat(inbound(cp, OsdpPacket.class)).isEmpty();
        writeBytes(cp, ack);
        writeBytes(cp, ack);
        assertThat(inbound(cp, OsdpPacket.class)).isNotEmpty().allMatch(p -> p.message() instanceof Ack);
        assertThat(errors).isNotEmpty().allMatch(e -> e instanceof OsdpFrameException);
        assertThat(errorCount(OsdpError.BAD_CRC)).isGreaterThanOrEqualTo(1);
    }

    @Test
    void pollerCanDropAPartialFrameWhenTheReplyTimesOut() {
        writeBytes(cp, Arrays.copyOf(raw, raw.length - 5));
        OsdpFrameDecoder decoder = (OsdpFrameDecoder) cp.pipeline().get(OsdpFrameDecoder.NAME);
        assertThat(decoder.discardPartialFrame()).isEqualTo(raw.length - 5);
        writeBytes(cp, ack);
        assertThat(inbound(cp, OsdpPacket.class))
                .singleElement()
                .extracting(OsdpPacket::message)
                .isInstanceOf(Ack.class);
        assertThat(errorCount(OsdpError.TRUNCATED)).isEqualTo(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void partialFrameWaitsForTheRestByteByByte() {
        for (byte b : raw) {
            assertThat(inbound(cp, OsdpPacket.class)).isEmpty();
            writeBytes(cp, new byte[] {b});
        }
        assertThat(inbound(cp, OsdpPacket.class)).hasSize(1);
        assertThat(errors).isEmpty();
    }

    @Test
    void connectionClosingMidFrameCountsATruncatedFrame() {
        writeBytes(cp, Arrays.copyOf(raw, 9));
        cp.finish();
        assertThat(errors).singleElement().isInstanceOfSatisfying(OsdpFrameException.class, e -> assertThat(e.error())
                .isEqualTo(OsdpError.TRUNCATED));
    }

    @Test
    void aTruncatedCardReplyNeverPutsTheCardBitsIntoTheErrorMessage() {
        // A RAW reply (0x50) cut off after its header and the first bits of the card.
        byte[] cut = hex("53 81 14 00 05 50 00 01 1A 00 BD 88 EB");
        writeBytes(cp, cut);
        cp.finish();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.getMessage())
                    .contains("header 53811400")
                    .doesNotContain("BD88EB")
                    .doesNotContain("bd88eb");
        });
    }

    @Test
    void oversizeLengthIsRejectedAtOnceWithoutWaitingForTheBytes() {
        // Length 0x0800 = 2048 exceeds the 1440 cap: rejected from the header alone.
        writeBytes(cp, concat(hex("53 81 00 08 05"), ack));
        assertThat(inbound(cp, OsdpPacket.class)).hasSize(1);
        assertThat(errors).singleElement().isInstanceOfSatisfying(OsdpFrameException.class, e -> {
            assertThat(e.error()).isEqualTo(OsdpError.OVERSIZE);
            assertThat(e.getMessage()).contains("2048").contains("1440");
        });
    }

    @Test
    void lengthBelowTheSmallestFrameIsRejected() {
        writeBytes(cp, concat(hex("53 81 05 00 05 40 00 00"), ack));
        assertThat(inbound(cp, OsdpPacket.class)).hasSize(1);
        assertThat(errorCount(OsdpError.BAD_LENGTH)).isEqualTo(1);
    }

    @Test
    void garbageBetweenFramesIsSkippedAndCounted() {
        writeBytes(cp, concat(hex("00 11 22 FF FF"), ack, hex("DE AD BE EF"), raw, hex("01 02")));
        assertThat(inbound(cp, OsdpPacket.class)).hasSize(2);
        assertThat(errors).isEmpty();
        assertThat(counted(OsdpCodecMetrics.GARBAGE)).isEqualTo(3 + 4 + 2);
    }

    @Test
    void malformedPayloadNamesTheCodeAndLengthAndTheNextFrameDecodes() {
        // RAW claiming 26 bits but carrying two data bytes: intact frame, impossible payload.
        OsdpFrame bogus =
                OsdpFrame.of(1, true, 1, CheckMode.CRC, null, RawCardData.CODE, Bytes.fromHex("00011a00bd88"));
        EmbeddedChannel raw = channel(p -> p.addLast(OsdpFrameEncoder.WITHOUT_MARK));
        raw.writeOutbound(bogus);
        writeBytes(cp, concat(outboundBytes(raw), ack));
        assertThat(inbound(cp, OsdpPacket.class))
                .singleElement()
                .extracting(OsdpPacket::message)
                .isInstanceOf(Ack.class);
        assertThat(errors).singleElement().isInstanceOfSatisfying(OsdpPayloadException.class, e -> {
            assertThat(e.code()).isEqualTo(RawCardData.CODE);
            assertThat(e.pdAddress()).hasValue(1);
            assertThat(e.getMessage()).contains("0x50").contains("26 bits need 4");
        });
        assertThat(errorCount(OsdpError.MALFORMED_PAYLOAD)).isEqualTo(1);
    }

    @Test
    void unknownSecurityBlockTypeIsRejectedNotGuessed() {
        OsdpFrame odd =
                OsdpFrame.of(1, true, 1, CheckMode.CRC, new SecurityBlock(0x42, Bytes.EMPTY), Ack.CODE, Bytes.EMPTY);
        EmbeddedChannel raw = channel(p -> p.addLast(OsdpFrameEncoder.WITHOUT_MARK));
        raw.writeOutbound(odd);
        writeBytes(cp, concat(outboundBytes(raw), ack));
        assertThat(inbound(cp, OsdpPacket.class)).hasSize(1);
        assertThat(errorCount(OsdpError.BAD_SECURITY_BLOCK)).isEqualTo(1);
    }

    @Test
    void securedFrameWithoutASessionIsRejected() {
        OsdpFrame secured = OsdpFrame.of(1, true, 1, CheckMode.CRC, null, Ack.CODE, Bytes.EMPTY)
                .secured(new SecurityBlock(SecurityBlock.SCS_16, Bytes.EMPTY), Bytes.EMPTY, Bytes.fromHex("01020304"));
        EmbeddedChannel raw = channel(p -> p.addLast(OsdpFrameEncoder.WITHOUT_MARK));
        raw.writeOutbound(secured);
        writeBytes(cp, concat(outboundBytes(raw), ack));
        assertThat(inbound(cp, OsdpPacket.class)).hasSize(1);
        assertThat(errors).singleElement().isInstanceOfSatisfying(SecureChannelException.class, e -> assertThat(
                        e.error())
                .isEqualTo(OsdpError.NO_SESSION));
    }

    private static String crcOf(byte[] frame) {
        int lo = frame[frame.length - 2] & 0xFF;
        int hi = frame[frame.length - 1] & 0xFF;
        return String.format(java.util.Locale.ROOT, "%04X", hi << 8 | lo);
    }

    static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }
}

package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.device.osdp.Command.IdRequest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * CRC-16 and checksum vectors. Provenance: the two CRC vectors are in issue 5; they and the two
 * checksum vectors are the "Annex E" examples of the SIA OSDP specification as transcribed in
 * libosdp's tests/unit-tests/test-sc-sia-vectors.c. All four were recomputed independently (Python,
 * bit-by-bit CRC and plain byte sum) before being written here.
 */
class CheckValueTest extends OsdpCodecTestBase {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "53 00 09 00 04 61 00, C0 66", // osdp_ID to PD 0, sequence 0
        "53 7F 0D 00 04 6E 00 80 25 00 00, 6E 38", // osdp_COMSET broadcast: address 0, 9600 baud
    })
    void crcMatchesTheSpecificationExamplesLowByteFirst(String message, String check) {
        byte[] m = hex(message);
        int crc = CheckMode.CRC.compute(Unpooled.wrappedBuffer(m), 0, m.length);
        assertThat(hex(new byte[] {(byte) crc, (byte) (crc >>> 8)})).isEqualTo(hex(hex(check)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "53 7F 0C 00 00 6E 00 80 25 00 00, 0F",
        "53 00 08 00 00 61 00, 44",
    })
    void checksumIsTheTwosComplementOfTheByteSum(String message, String check) {
        byte[] m = hex(message);
        assertThat(CheckMode.CHECKSUM.compute(Unpooled.wrappedBuffer(m), 0, m.length))
                .isEqualTo(Integer.parseInt(check, 16));
    }

    @Test
    void encoderProducesTheExampleFramesByteForByte() {
        EmbeddedChannel cp = cp();
        assertThat(hex(wire(cp, command(0, 0, IdRequest.STANDARD)))).isEqualTo("53000900046100c066");
        assertThat(hex(wire(cp, command(OsdpFrame.BROADCAST, 0, new ComSet(0, 9600)))))
                .isEqualTo("537f0d00046e00802500006e38");
        assertThat(hex(wire(cp, OsdpPacket.command(0, 0, CheckMode.CHECKSUM, IdRequest.STANDARD))))
                .isEqualTo("5300080000610044");
        assertThat(hex(wire(cp, OsdpPacket.command(OsdpFrame.BROADCAST, 0, CheckMode.CHECKSUM, new ComSet(0, 9600)))))
                .isEqualTo("537f0c00006e00802500000f");
    }

    @Test
    void decoderAcceptsTheExampleFramesInBothModes() {
        EmbeddedChannel pd = pd();
        writeBytes(pd, hex("53 00 09 00 04 61 00 C0 66  53 7F 0C 00 00 6E 00 80 25 00 00 0F"));
        assertThat(inbound(pd, OsdpPacket.class))
                .containsExactly(
                        new OsdpPacket(0, 0, CheckMode.CRC, IdRequest.STANDARD, false, false),
                        new OsdpPacket(OsdpFrame.BROADCAST, 0, CheckMode.CHECKSUM, new ComSet(0, 9600), false, false));
        assertThat(errors).isEmpty();
    }

    @Test
    void markByteIsWrittenWhenAskedAndSkippedWithoutCountingAsGarbage() {
        EmbeddedChannel cp = channel(p -> OsdpPipeline.addCodec(
                p,
                Role.CONTROL_PANEL,
                new SecureSessions(),
                cpMetrics,
                true,
                OsdpFrameDecoder.DEFAULT_MAX_FRAME_LENGTH));
        byte[] bytes = wire(cp, command(0, 0, IdRequest.STANDARD));
        assertThat(hex(bytes)).isEqualTo("ff53000900046100c066");
        EmbeddedChannel pd = pd();
        writeBytes(pd, bytes);
        assertThat(inbound(pd, OsdpPacket.class)).hasSize(1);
        assertThat(counted(OsdpCodecMetrics.GARBAGE)).isZero();
    }
}

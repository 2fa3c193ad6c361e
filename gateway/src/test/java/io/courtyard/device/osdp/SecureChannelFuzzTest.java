package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.testsupport.FuzzBudget;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * An attacker on the bus who alters a sealed reply, or writes one of their own, with a correct CRC:
 * the CP's Secure Channel never passes it off as secured. Only the untouched sealed reply comes out
 * secured, and equal to what the PD sent; anything else is refused with an {@link OsdpException},
 * dropped, or (a frame without a security block) passed on with {@code secured} false, which the
 * poller refuses as a plaintext reply to a sealed command ({@code Peripheral}, violation
 * {@code plaintext}).
 *
 * <p>Input: one flag byte (bit 0: forge a frame from the rest, else XOR the rest over the sealed
 * reply from its address byte on; bits 1-7 pick the reply the PD seals), then the mask or the
 * forged frame's bytes after the length field. The CRC is recomputed either way.
 */
@Tag("fuzz")
class SecureChannelFuzzTest {
    private static final FuzzBudget BUDGET = new FuzzBudget("OSDP Secure Channel", 4 << 20, 1024);
    private static final List<Reply> REPLIES = Samples.replies().stream()
            .filter(r -> !(r instanceof HandshakeMessage))
            .toList();

    private record Outcome(OsdpPacket sent, boolean altered, List<OsdpPacket> packets, List<Throwable> errors) {}

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void alteredOrForgedSecureFramesNeverPassTheMac(byte[] data) throws Exception {
        if (data.length < 1) {
            return;
        }
        boolean forge = (data[0] & 1) != 0;
        Reply reply = REPLIES.get(((data[0] & 0xFF) >>> 1) % REPLIES.size());
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);

        Outcome o = BUDGET.call(data.length, () -> run(forge, reply, rest));

        assertThat(o.errors()).allSatisfy(e -> assertThat(e).isInstanceOf(OsdpException.class));
        if (!o.altered()) {
            assertThat(o.errors()).isEmpty();
            assertThat(o.packets()).containsExactly(o.sent());
            assertThat(o.packets().get(0).secured()).isTrue();
        } else {
            assertThat(o.packets()).as("a frame altered after sealing").allSatisfy(p -> assertThat(p.secured())
                    .isFalse());
        }
    }

    private static Outcome run(boolean forge, Reply reply, byte[] rest) {
        try (OsdpFuzzRig rig = new OsdpFuzzRig(true)) {
            byte[] command =
                    OsdpFuzzRig.wire(rig.cp, OsdpPacket.command(OsdpFuzzRig.PD, 1, CheckMode.CRC, new Command.Poll()));
            OsdpPacket atPd = OsdpFuzzRig.feed(rig.pd, command, command.length).get(0);
            byte[] sealed = OsdpFuzzRig.wire(rig.pd, OsdpPacket.replyTo(atPd, reply));
            byte[] frame = forge ? forged(rest) : masked(sealed, rest);
            boolean altered = !Arrays.equals(frame, sealed);
            List<OsdpPacket> packets = OsdpFuzzRig.feed(rig.cp, frame, frame.length);
            OsdpPacket sent = new OsdpPacket(OsdpFuzzRig.PD, 1, CheckMode.CRC, reply, true, false);
            return new Outcome(sent, altered, packets, List.copyOf(rig.errors));
        }
    }

    /** The sealed reply with {@code mask} XORed over it from the address byte to the MAC. */
    private static byte[] masked(byte[] sealed, byte[] mask) {
        byte[] frame = sealed.clone();
        for (int i = 0; i < mask.length && 1 + i < frame.length - 2; i++) {
            frame[1 + i] ^= mask[i];
        }
        OsdpFuzzRig.fixCrc(frame);
        return frame;
    }

    /** A reply frame from PD 1 whose control byte, security block, code, data and MAC are {@code body}. */
    private static byte[] forged(byte[] body) {
        int length = Math.min(OsdpFrameDecoder.DEFAULT_MAX_FRAME_LENGTH, 4 + body.length + 2);
        byte[] frame = new byte[Math.max(length, 8)];
        frame[0] = (byte) OsdpFrame.SOM;
        frame[1] = (byte) (OsdpFrame.REPLY_BIT | OsdpFuzzRig.PD);
        frame[2] = (byte) frame.length;
        frame[3] = (byte) (frame.length >>> 8);
        System.arraycopy(body, 0, frame, 4, Math.min(body.length, frame.length - 6));
        // CRC mode, so that the CRC recomputed below is the one the decoder checks.
        frame[4] |= (byte) CheckMode.CONTROL_FLAG;
        OsdpFuzzRig.fixCrc(frame);
        return frame;
    }
}

package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes interleaved with valid frames, fed in random chunks, with a fixed seed so a failure
 * replays. Properties: nothing but {@link OsdpException}s ever reaches the exception handler, the
 * channel stays open, and the valid frames decode in order.
 */
class CodecFuzzTest extends OsdpCodecTestBase {
    private static final long SEED = 0x05D9_2026L;
    private static final int FRAMES = 2_000;

    private final Random random = new Random(SEED);
    private final List<OsdpPacket> replies = new ArrayList<>();
    private final List<byte[]> encoded = new ArrayList<>();

    @Test
    void garbageWithoutSomNeverCostsAFrame() {
        samples();
        EmbeddedChannel cp = cp();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<OsdpPacket> expected = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            stream.writeBytes(garbage(false));
            int k = random.nextInt(encoded.size());
            stream.writeBytes(encoded.get(k));
            expected.add(replies.get(k));
        }
        feedInChunks(cp, stream.toByteArray());
        assertThat(inbound(cp, OsdpPacket.class)).containsExactlyElementsOf(expected);
        assertThat(errors).isEmpty();
        assertThat(cp.isActive()).isTrue();
    }

    @Test
    void garbageWithFalseStartsOnlyRaisesOsdpErrorsAndValidFramesStillDecode() {
        samples();
        EmbeddedChannel cp = cp();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<OsdpPacket> expected = new ArrayList<>();
        for (int i = 0; i < FRAMES; i++) {
            stream.writeBytes(garbage(true));
            int k = random.nextInt(encoded.size());
            byte[] frame = encoded.get(k);
            if (random.nextInt(10) == 0) {
                // A corrupted copy first: one flipped bit somewhere in a real frame.
                byte[] bad = frame.clone();
                bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
                stream.writeBytes(bad);
            }
            stream.writeBytes(frame);
            expected.add(replies.get(k));
        }
        // Enough non-SOM filler for any false start's claimed length to run out.
        stream.writeBytes(new byte[OsdpFrameDecoder.DEFAULT_MAX_FRAME_LENGTH + 16]);
        feedInChunks(cp, stream.toByteArray());

        List<OsdpPacket> decoded = inbound(cp, OsdpPacket.class);
        assertThat(errors).allMatch(e -> e instanceof OsdpException, "only OSDP errors reach the handler");
        assertThat(errors).isNotEmpty();
        assertThat(isSubsequence(expected, decoded))
                .as("all %d valid frames among %d decoded", expected.size(), decoded.size())
                .isTrue();
        assertThat(cp.isActive()).isTrue();
    }

    @Test
    void pureNoiseOnlyRaisesOsdpErrors() {
        EmbeddedChannel cp = cp();
        EmbeddedChannel pd = pd();
        byte[] noise = new byte[200_000];
        random.nextBytes(noise);
        // Make false starts common: every 50th byte a SOM.
        for (int i = 0; i < noise.length; i += 50) {
            noise[i] = (byte) OsdpFrame.SOM;
        }
        feedInChunks(cp, noise);
        feedInChunks(pd, noise);
        inbound(cp, OsdpPacket.class);
        inbound(pd, OsdpPacket.class);
        assertThat(errors).isNotEmpty().allMatch(e -> e instanceof OsdpException);
        assertThat(cp.isActive()).isTrue();
        assertThat(pd.isActive()).isTrue();
    }

    private void samples() {
        EmbeddedChannel pd = pd();
        int seq = 1;
        for (Reply r : Samples.replies()) {
            for (CheckMode mode : CheckMode.values()) {
                OsdpPacket p =
                        OsdpPacket.replyTo(OsdpPacket.command(random.nextInt(0x7F), seq, mode, new Command.Poll()), r);
                replies.add(p);
                encoded.add(wire(pd, p));
                seq = Sequence.following(seq);
            }
        }
    }

    private byte[] garbage(boolean withSom) {
        byte[] g = new byte[random.nextInt(40)];
        random.nextBytes(g);
        for (int i = 0; i < g.length; i++) {
            if (g[i] == OsdpFrame.SOM && !withSom) {
                g[i] = 0x00;
            }
        }
        if (withSom && g.length > 5 && random.nextBoolean()) {
            g[random.nextInt(g.length - 5)] = (byte) OsdpFrame.SOM;
        }
        return g;
    }

    private void feedInChunks(EmbeddedChannel ch, byte[] bytes) {
        int pos = 0;
        while (pos < bytes.length) {
            int n = Math.min(bytes.length - pos, 1 + random.nextInt(64));
            writeBytes(ch, Arrays.copyOfRange(bytes, pos, pos + n));
            pos += n;
        }
    }

    private static boolean isSubsequence(List<OsdpPacket> wanted, List<OsdpPacket> in) {
        int i = 0;
        for (OsdpPacket p : in) {
            if (i < wanted.size() && wanted.get(i).equals(p)) {
                i++;
            }
        }
        return i == wanted.size();
    }
}

package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.testsupport.FuzzBudget;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Any bytes on an RS-485 bus, fed in any chunking to a CP (or a PD), give packets of the right
 * direction or {@link OsdpException}s at the pipeline's end, never another exception; the channel
 * stays open; and once the poller drops a partial frame (as on a reply timeout) the next real frame
 * decodes. With a Secure Channel open, the same holds on the MAC and decryption path.
 *
 * <p>Input: one flag byte (bit 0: to the PD, else to the CP; bit 1: Secure Channel open with PD 1;
 * bits 2-7: chunk size - 1), then the bytes on the wire.
 */
@Tag("fuzz")
class OsdpFrameFuzzTest {
    private static final FuzzBudget BUDGET = new FuzzBudget("OSDP decoder", 4 << 20, 1024);

    private record Outcome(List<OsdpPacket> packets, List<Throwable> errors, boolean open, List<OsdpPacket> after) {}

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyBytesGiveFramesOrOsdpErrorsAndTheBusCarriesOn(byte[] data) throws Exception {
        if (data.length < 1) {
            return;
        }
        int flags = data[0] & 0xFF;
        boolean toPd = (flags & 1) != 0;
        boolean secure = (flags & 2) != 0;
        int chunk = 1 + (flags >>> 2);
        byte[] stream = Arrays.copyOfRange(data, 1, data.length);

        Outcome o = BUDGET.call(data.length, () -> run(toPd, secure, chunk, stream));

        assertThat(o.errors()).allSatisfy(e -> assertThat(e).isInstanceOf(OsdpException.class));
        assertThat(o.open()).as("the bus connection stays open").isTrue();
        assertThat(o.packets()).allSatisfy(p -> assertThat(p.isReply()).isEqualTo(!toPd));
        if (!secure) {
            assertThat(o.after())
                    .as("a real frame after the noise")
                    .singleElement()
                    .satisfies(p -> assertThat(p.message()).isEqualTo(toPd ? new Command.Poll() : new Reply.Ack()));
        }
    }

    private static Outcome run(boolean toPd, boolean secure, int chunk, byte[] stream) {
        try (OsdpFuzzRig rig = new OsdpFuzzRig(secure)) {
            var target = toPd ? rig.pd : rig.cp;
            List<OsdpPacket> packets = OsdpFuzzRig.feed(target, stream, chunk);
            List<OsdpPacket> after = List.of();
            if (!secure) {
                ((OsdpFrameDecoder) target.pipeline().get(OsdpFrameDecoder.NAME)).discardPartialFrame();
                OsdpPacket poll = OsdpPacket.command(OsdpFuzzRig.PD, 1, CheckMode.CRC, new Command.Poll());
                byte[] real = toPd
                        ? OsdpFuzzRig.wire(rig.cp, poll)
                        : OsdpFuzzRig.wire(rig.pd, OsdpPacket.replyTo(poll, new Reply.Ack()));
                after = OsdpFuzzRig.feed(target, real, real.length);
            }
            return new Outcome(packets, List.copyOf(rig.errors), target.isOpen(), after);
        }
    }
}

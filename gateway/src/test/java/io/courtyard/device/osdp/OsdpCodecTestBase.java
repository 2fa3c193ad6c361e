package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.testsupport.EmbeddedChannelTest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;

/** OSDP pipelines on {@link EmbeddedChannel}s, a real meter registry, and byte shuttling between a CP and a PD. */
abstract class OsdpCodecTestBase extends EmbeddedChannelTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final OsdpCodecMetrics cpMetrics = new OsdpCodecMetrics(registry, "cp-side");
    final OsdpCodecMetrics pdMetrics = new OsdpCodecMetrics(registry, "pd-side");

    EmbeddedChannel cp(SecureSessions sessions) {
        return channel(p -> OsdpPipeline.addCodec(p, Role.CONTROL_PANEL, sessions, cpMetrics));
    }

    EmbeddedChannel cp() {
        return cp(new SecureSessions());
    }

    EmbeddedChannel pd(SecureSessions sessions) {
        return channel(p -> OsdpPipeline.addCodec(p, Role.PERIPHERAL, sessions, pdMetrics));
    }

    EmbeddedChannel pd() {
        return pd(new SecureSessions());
    }

    /** The bytes {@code from} puts on the wire for {@code packet}. */
    static byte[] wire(EmbeddedChannel from, OsdpPacket packet) {
        from.writeOutbound(packet);
        from.checkException();
        return outboundBytes(from);
    }

    /** Sends {@code packet} from one end and returns what the other end decoded. */
    static List<OsdpPacket> send(EmbeddedChannel from, EmbeddedChannel to, OsdpPacket packet) {
        writeBytes(to, wire(from, packet));
        return inbound(to, OsdpPacket.class);
    }

    /** Exactly one packet arrives, and it is returned. */
    static OsdpPacket sendOne(EmbeddedChannel from, EmbeddedChannel to, OsdpPacket packet) {
        List<OsdpPacket> got = send(from, to, packet);
        assertThat(got).hasSize(1);
        return got.get(0);
    }

    /** Errors of one kind counted on both sides together. */
    double errorCount(OsdpError error) {
        return registry.find(OsdpCodecMetrics.ERRORS).tag("kind", error.tag()).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    double counted(String meter) {
        return registry.find(meter).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    static OsdpPacket command(int address, int sequence, Command c) {
        return OsdpPacket.command(address, sequence, CheckMode.CRC, c);
    }
}

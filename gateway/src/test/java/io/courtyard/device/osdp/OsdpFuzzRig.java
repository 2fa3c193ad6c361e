package io.courtyard.device.osdp;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A CP pipeline and a PD pipeline for one fuzz input, optionally with a Secure Channel open between
 * them on PD address 1, recording what reaches the end of each pipeline. Built and released per
 * input: nothing carries from one input to the next, so an input replays alone.
 */
final class OsdpFuzzRig implements AutoCloseable {
    static final int PD = 1;
    private static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();
    private static final OsdpCodecMetrics CP_METRICS = new OsdpCodecMetrics(REGISTRY, "fuzz-cp");
    private static final OsdpCodecMetrics PD_METRICS = new OsdpCodecMetrics(REGISTRY, "fuzz-pd");
    private static final SecureRandom RANDOM = new SecureRandom();

    final SecureSessions cpSessions = new SecureSessions();
    final SecureSessions pdSessions = new SecureSessions();
    final List<Throwable> errors = new ArrayList<>();
    final EmbeddedChannel cp;
    final EmbeddedChannel pd;

    OsdpFuzzRig(boolean secure) {
        cp = channel(Role.CONTROL_PANEL, cpSessions, CP_METRICS);
        pd = channel(Role.PERIPHERAL, pdSessions, PD_METRICS);
        if (secure) {
            cpSessions.put(
                    PD,
                    SecureChannelTest.handshake(
                            cp,
                            pd,
                            pdSessions,
                            CpHandshake.paired(PD, SecureChannelTest.KEY, RANDOM),
                            new PdHandshake(SecureChannelTest.KEY, false, SecureChannelTest.CUID, RANDOM)));
            if (!errors.isEmpty()) {
                throw new IllegalStateException("handshake failed", errors.get(0));
            }
        }
    }

    private EmbeddedChannel channel(Role role, SecureSessions sessions, OsdpCodecMetrics metrics) {
        EmbeddedChannel ch = new EmbeddedChannel();
        OsdpPipeline.addCodec(ch.pipeline(), role, sessions, metrics);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
        return ch;
    }

    /** The bytes {@code from} puts on the wire for {@code packet}. */
    static byte[] wire(EmbeddedChannel from, OsdpPacket packet) {
        return OsdpCodecTestBase.wire(from, packet);
    }

    /** Feeds {@code bytes} in chunks of {@code chunk} and returns every packet that came out. */
    static List<OsdpPacket> feed(EmbeddedChannel to, byte[] bytes, int chunk) {
        List<OsdpPacket> out = new ArrayList<>();
        for (int pos = 0; pos < bytes.length; pos += chunk) {
            ByteBuf b = Unpooled.copiedBuffer(bytes, pos, Math.min(chunk, bytes.length - pos));
            to.writeInbound(b);
            to.checkException();
            for (Object o = to.readInbound(); o != null; o = to.readInbound()) {
                out.add((OsdpPacket) o);
            }
        }
        return out;
    }

    /** Sets the frame's CRC-16 (the last two bytes, little endian) over everything before it. */
    static void fixCrc(byte[] frame) {
        int crc = Crc16.compute(Unpooled.wrappedBuffer(frame), 0, frame.length - 2);
        frame[frame.length - 2] = (byte) crc;
        frame[frame.length - 1] = (byte) (crc >>> 8);
    }

    @Override
    public void close() {
        cp.finishAndReleaseAll();
        pd.finishAndReleaseAll();
    }
}

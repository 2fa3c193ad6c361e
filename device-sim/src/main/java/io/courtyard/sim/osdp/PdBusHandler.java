package io.courtyard.sim.osdp;

import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.OsdpFrame;
import io.courtyard.device.osdp.OsdpPacket;
import io.courtyard.device.osdp.SecureChannelException;
import io.courtyard.device.osdp.SecureSessions;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RS-485 side of a serial server: hands each command to the PD at its address, which answers
 * (or stays quiet: absent, silenced, or not addressed), optionally late. Also drops a PD's Secure
 * Channel after a spell without traffic, as real PDs do (FACTS: ~8 s), and NAKs a secured command
 * that arrives without a session. Stateful: one per connection.
 */
final class PdBusHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "sim-pd-bus";
    private static final Logger log = LoggerFactory.getLogger(PdBusHandler.class);

    private final SerialServer server;
    private final SecureSessions sessions;
    private final FrameTap tap;
    private ScheduledFuture<?> idleCheck;

    PdBusHandler(SerialServer server, SecureSessions sessions, FrameTap tap) {
        this.server = server;
        this.sessions = sessions;
        this.tap = tap;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long period = Math.max(10, server.secureIdleTimeout().toMillis() / 4);
        idleCheck = ctx.executor().scheduleAtFixedRate(this::dropIdleSessions, period, period, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (idleCheck != null) {
            idleCheck.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OsdpPacket packet) || !(packet.message() instanceof Command)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        EmulatedPd pd = server.pd(packet.pdAddress());
        if (pd == null || pd.silent()) {
            return;
        }
        OsdpPacket reply = pd.link().receive(packet, sessions, System.nanoTime());
        OsdpFrame forged = pd.forgedAnswer(packet, reply);
        // A forged frame goes past the packet codec as it is: nothing seals it.
        send(ctx, pd, forged != null ? forged : reply);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        OsdpFrame frame = tap.last();
        if (cause instanceof SecureChannelException e
                && e.pdAddress().isPresent()
                && frame != null
                && !frame.isReply()
                && frame.pdAddress() == e.pdAddress().getAsInt()) {
            EmulatedPd pd = server.pd(frame.pdAddress());
            if (pd != null && !pd.silent()) {
                // A broken or forgotten session answers nothing secured: the CP must handshake again.
                sessions.remove(frame.pdAddress());
                send(ctx, pd, pd.link().noSession(frame.sequence(), frame.checkMode()));
            }
        }
        ctx.fireExceptionCaught(cause);
    }

    /** @param reply an {@link OsdpPacket} for the codec to seal, or an {@link OsdpFrame} sent as it is */
    private static void send(ChannelHandlerContext ctx, EmulatedPd pd, Object reply) {
        if (reply == null) {
            return;
        }
        Duration delay = pd.delay();
        if (delay.isZero()) {
            ctx.writeAndFlush(reply);
        } else {
            ctx.executor().schedule(() -> ctx.writeAndFlush(reply), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void dropIdleSessions() {
        long now = System.nanoTime();
        long limit = server.secureIdleTimeout().toNanos();
        for (EmulatedPd pd : server.pds()) {
            int address = pd.address();
            if (sessions.get(address).isPresent() && pd.link().idleNanos(now) > limit) {
                sessions.remove(address);
                log.debug("{}: Secure Channel dropped after {} ms without traffic", pd, limit / 1_000_000);
            }
        }
    }
}

package io.courtyard.device.osdp.bus;

import io.courtyard.device.osdp.Nak;
import io.courtyard.device.osdp.OsdpException;
import io.courtyard.device.osdp.OsdpFrameDecoder;
import io.courtyard.device.osdp.OsdpPacket;
import io.courtyard.device.osdp.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one bus connection: exactly one command outstanding at a time (RS-485 is half duplex, and
 * a new command before the reply would also break the Secure Channel MAC chain), PDs taken round
 * robin, callers' commands ahead of routine polls, a reply timeout per exchange, and a timer to the
 * next due PD when none is due. Stateful: one per channel, confined to its event loop.
 */
final class BusPoller extends ChannelInboundHandlerAdapter {
    static final String NAME = "osdp-bus-poller";
    private static final Logger log = LoggerFactory.getLogger(BusPoller.class);

    private final BusContext bus;
    private final List<Peripheral> peripherals;
    private ChannelHandlerContext ctx;
    private Peripheral outstanding;
    private int outstandingSequence;
    private long sentAt;
    private ScheduledFuture<?> timeout;
    private ScheduledFuture<?> wakeup;
    private long wakeupAt;
    private int cursor;
    /** Set while a PD handles a reply: a listener that sends a command must not start an exchange mid-way. */
    private boolean dispatching;
    /** This connection has had a reply: it works, and the reconnection backoff may start over. */
    private boolean heard;

    BusPoller(BusContext bus) {
        this.bus = bus;
        this.peripherals = bus.peripherals();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        bus.poller(this);
        pump();
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        abandon();
        ctx.fireChannelInactive();
    }

    /** The connection is gone: no exchange is outstanding any more and no timer may fire. */
    void abandon() {
        cancel(timeout);
        cancel(wakeup);
        outstanding = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof OsdpPacket packet) || !(packet.message() instanceof Reply reply)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        long now = System.nanoTime();
        Peripheral p = outstanding;
        if (p == null
                || packet.pdAddress() != p.pd.address()
                || (packet.sequence() != outstandingSequence && !sequenceNak(reply))) {
            // A reply after its timeout, or to another panel: answering nothing we asked, it is not news.
            bus.metrics.stray();
            log.debug(
                    "bus {}: stray {} from PD {} seq {}",
                    bus.config.id(),
                    reply.getClass().getSimpleName(),
                    packet.pdAddress(),
                    packet.sequence());
            return;
        }
        cancel(timeout);
        outstanding = null;
        bus.metrics.replied(now - sentAt);
        if (!heard) {
            heard = true;
            bus.firstReply();
        }
        dispatching = true;
        try {
            p.onReply(reply, packet.secured(), now);
            p.exchangeEnded(now);
        } finally {
            dispatching = false;
        }
        pump();
    }

    /**
     * Some PDs answer a sequence error with NAK 4 numbered with their own count rather than the
     * command's, typically right after a reboot; from the polled address it is still the answer.
     */
    private static boolean sequenceNak(Reply reply) {
        return reply instanceof Nak nak && nak.reason().orElse(Nak.Reason.NONE) == Nak.Reason.UNEXPECTED_SEQUENCE;
    }

    /**
     * A frame from a PD in session failed the Secure Channel (bad MAC, replay, wrong block): the codec
     * dropped it; the PD breaks its session and starts over, and the exchange, if it was the one
     * outstanding, ends here rather than at its timeout. Every exception goes on to the handler.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof OsdpException e && e.pdAddress().isPresent()) {
            Violation violation = Violation.of(e.error());
            Peripheral p = bus.peripheral(e.pdAddress().getAsInt());
            if (violation != null && p != null && p.expectsSession()) {
                if (p == outstanding) {
                    cancel(timeout);
                    outstanding = null;
                }
                boolean inDispatch = dispatching;
                dispatching = true;
                try {
                    long now = System.nanoTime();
                    p.securityViolation(violation, e.getMessage(), now);
                    p.exchangeEnded(now);
                } finally {
                    dispatching = inDispatch;
                }
                pump();
            }
        }
        ctx.fireExceptionCaught(cause);
    }

    /** Starts the next exchange if the line is free and a PD is due; otherwise waits for the earliest. */
    void pump() {
        if (dispatching || outstanding != null || ctx == null || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        Peripheral p = pick(now);
        if (p == null) {
            armWakeup(now);
            return;
        }
        OsdpPacket packet = p.packet(now);
        outstanding = p;
        outstandingSequence = packet.sequence();
        sentAt = now;
        timeout = ctx.executor().schedule(this::timedOut, bus.replyTimeoutNanos, TimeUnit.NANOSECONDS);
        ctx.writeAndFlush(packet).addListener(f -> {
            if (!f.isSuccess()) {
                writeFailed(p, f.cause());
            }
        });
        p.written(now);
    }

    private Peripheral pick(long now) {
        int n = peripherals.size();
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                int index = (cursor + i) % n;
                Peripheral p = peripherals.get(index);
                if (pass == 0 ? p.urgent() : p.dueBy(now)) {
                    cursor = (index + 1) % n;
                    return p;
                }
            }
        }
        return null;
    }

    private void armWakeup(long now) {
        if (peripherals.isEmpty()) {
            return;
        }
        long next = peripherals.get(0).dueAt();
        for (Peripheral p : peripherals) {
            next = p.dueAt() - next < 0 ? p.dueAt() : next;
        }
        if (wakeup != null && !wakeup.isDone() && wakeupAt - next <= 0) {
            return;
        }
        cancel(wakeup);
        wakeupAt = next;
        wakeup = ctx.executor().schedule(this::wakeUp, Math.max(0, next - now), TimeUnit.NANOSECONDS);
    }

    /**
     * The wakeup fired: it is no longer pending. Left in place, a running wakeup is "not done" and,
     * should its pump find nothing due (a PD's slot moved meanwhile, e.g. by a remote restart), it
     * would stand in for the next wakeup and none would ever be armed: the bus would fall silent
     * with every PD still shown online.
     */
    private void wakeUp() {
        wakeup = null;
        pump();
    }

    private void timedOut() {
        Peripheral p = outstanding;
        if (p == null) {
            return;
        }
        outstanding = null;
        // Half a reply must not be read as the start of the next one.
        OsdpFrameDecoder decoder = ctx.pipeline().get(OsdpFrameDecoder.class);
        if (decoder != null) {
            decoder.discardPartialFrame();
        }
        dispatching = true;
        try {
            long now = System.nanoTime();
            p.onTimeout(now);
            p.exchangeEnded(now);
        } finally {
            dispatching = false;
        }
        pump();
    }

    private void writeFailed(Peripheral p, Throwable cause) {
        if (outstanding != p || !ctx.channel().isActive()) {
            return;
        }
        cancel(timeout);
        outstanding = null;
        // The codec refuses to seal once a session saw a bad MAC; anything else closes the channel anyway.
        long now = System.nanoTime();
        p.sessionBroken(
                String.valueOf(cause.getCause() != null ? cause.getCause().getMessage() : cause), now);
        p.exchangeEnded(now);
        ctx.executor().execute(this::pump);
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}

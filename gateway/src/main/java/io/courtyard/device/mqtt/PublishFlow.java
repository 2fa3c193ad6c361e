package io.courtyard.device.mqtt;

import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;

/**
 * One connection's inbound publishes: PUBACKs in the order the PUBLISHes came (MQTT 4.6), each sent
 * only once its message is handled (durable); reading paused while the connection is over its
 * message rate, while the peer does not read our PUBACKs, or (3.1.1, which cannot be told a window)
 * while it has {@code receiveMaximum} publishes waiting. Confined to the connection's event loop.
 */
final class PublishFlow {
    /** A QoS 1 publish waiting for its PUBACK; {@code reason} is set once its message is handled. */
    static final class Ack {
        final int packetId;
        final long receivedNanos;
        byte reason;
        boolean done;

        Ack(int packetId, long receivedNanos) {
            this.packetId = packetId;
            this.receivedNanos = receivedNanos;
        }
    }

    private final ChannelHandlerContext ctx;
    private final boolean v5;
    private final int receiveMaximum;
    private final TokenBucket rate;
    private final DeviceMqttMetrics metrics;
    private final ArrayDeque<Ack> acks = new ArrayDeque<>();
    private boolean throttled;
    private boolean holding;
    private boolean closed;
    private boolean unflushed;

    PublishFlow(
            ChannelHandlerContext ctx, boolean v5, int receiveMaximum, TokenBucket rate, DeviceMqttMetrics metrics) {
        this.ctx = ctx;
        this.v5 = v5;
        this.receiveMaximum = receiveMaximum;
        this.rate = rate;
        this.metrics = metrics;
    }

    /** QoS 1 publishes read and not yet acknowledged. */
    int inflight() {
        return acks.size();
    }

    /** A QoS 1 publish was read: its PUBACK goes out after those of the publishes before it. */
    Ack expect(int packetId, long receivedNanos) {
        Ack a = new Ack(packetId, receivedNanos);
        acks.add(a);
        metrics.inflight(+1);
        return a;
    }

    /**
     * {@code a}'s message is handled: write every PUBACK now due, in order. They leave with the next
     * {@link #flush()}: one group commit completes many messages, and they go out in one write.
     */
    void done(Ack a, byte reason) {
        a.reason = reason;
        a.done = true;
        long now = System.nanoTime();
        while (!acks.isEmpty() && acks.peek().done) {
            Ack head = acks.poll();
            metrics.inflight(-1);
            if (!closed) {
                ctx.write(Packets.pubAck(head.packetId, head.reason));
                metrics.acknowledged(now - head.receivedNanos);
                unflushed = true;
            }
        }
        updateReading();
    }

    /** Sends the PUBACKs written since the last flush. */
    void flush() {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    /**
     * A publish wants in: 0 when the rate admits it now, else how long it must wait (the connection
     * is not read meanwhile; the caller holds the message and asks again).
     */
    long admit(long nowNanos) {
        long wait = rate.take(nowNanos);
        if (wait > 0 && !throttled) {
            throttled = true;
            metrics.throttled();
        } else if (wait == 0) {
            throttled = false;
        }
        updateReading();
        return wait;
    }

    /** Whether messages wait for the rate: nothing more is read until they are through. */
    void holding(boolean holding) {
        this.holding = holding;
        if (!holding) {
            throttled = false;
        }
        updateReading();
    }

    /** Reads while nothing holds the connection back; Netty reads again by itself when this turns true. */
    void updateReading() {
        boolean read =
                !closed && !throttled && !holding && ctx.channel().isWritable() && (v5 || acks.size() < receiveMaximum);
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    /** The connection is gone: what is still waiting will never be acknowledged. */
    void close() {
        closed = true;
        metrics.inflight(-acks.size());
        acks.clear();
    }
}

package io.courtyard.device.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Messages the gateway publishes to one connected device (commands under {@code devices/{id}/cmd/}):
 * only where the device subscribed, within the device's own Receive Maximum and Maximum Packet
 * Size. A QoS 1 message completes with the device's PUBACK; nothing is kept for a device that is
 * gone. Confined to the connection's event loop.
 */
final class Outbound {
    private final ChannelHandlerContext ctx;
    private final Session session;
    private final Map<Integer, CompletableFuture<Boolean>> unacked = new HashMap<>();
    private int nextId = 1;

    Outbound(ChannelHandlerContext ctx, Session session) {
        this.ctx = ctx;
        this.session = session;
    }

    /** Sends; completes with true when delivered (QoS 0: written; QoS 1: acknowledged with success). */
    CompletableFuture<Boolean> send(String topic, byte[] payload, int qos) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        // Remaining length: topic (2 + bytes), packet id for QoS 1, MQTT 5 property length, payload.
        int size = 2 + topic.getBytes(StandardCharsets.UTF_8).length + (qos > 0 ? 2 : 0) + 1 + payload.length;
        if (size + 5 > session.clientMaxPacket()) {
            f.completeExceptionally(new IllegalArgumentException("message of " + size
                    + " bytes exceeds the device's maximum packet size " + session.clientMaxPacket()));
            return f;
        }
        if (qos == 0) {
            ctx.writeAndFlush(Packets.publish(topic, 0, 0, Unpooled.wrappedBuffer(payload)))
                    .addListener(w -> f.complete(w.isSuccess()));
            return f;
        }
        if (unacked.size() >= session.clientReceiveMaximum() || unacked.size() >= 65_535) {
            f.completeExceptionally(new IllegalStateException("the device's in-flight window is full"));
            return f;
        }
        int id = nextId();
        unacked.put(id, f);
        ctx.writeAndFlush(Packets.publish(topic, 1, id, Unpooled.wrappedBuffer(payload)))
                .addListener(w -> {
                    if (!w.isSuccess()) {
                        unacked.remove(id);
                        f.completeExceptionally(w.cause());
                    }
                });
        return f;
    }

    /** The device acknowledged packet {@code id}; false when it did not know it. */
    boolean acked(int id, int reason) {
        CompletableFuture<Boolean> f = unacked.remove(id);
        if (f == null) {
            return false;
        }
        f.complete(reason < 0x80);
        return true;
    }

    void close() {
        unacked.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the device disconnected")));
        unacked.clear();
    }

    private int nextId() {
        int id;
        do {
            id = nextId;
            nextId = nextId == 65_535 ? 1 : nextId + 1;
        } while (unacked.containsKey(id));
        return id;
    }
}

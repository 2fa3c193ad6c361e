package io.courtyard.sim.mqtt;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A device's MQTT client for the emulators and the load harness, on Netty's MQTT codec (the one the
 * gateway's listener uses): MQTT 3.1.1 or 5, optionally TLS, a will, keep-alive pings, QoS 0 and 1
 * publishes whose futures complete with the PUBACK's reason code, subscriptions, and an abrupt
 * drop (no DISCONNECT) for emulating a device that loses power.
 */
public final class MqttDeviceClient {
    /**
     * How to connect. {@code will*} may be null; {@code tls} null for plain TCP; {@code session} null
     * for a clean session that ends with the connection (a device's), else a session the broker keeps.
     */
    public record Options(
            String host,
            int port,
            MqttVersion version,
            String clientId,
            String username,
            String password,
            int keepAliveSeconds,
            SslContext tls,
            String willTopic,
            byte[] willPayload,
            Session session) {
        /** A device's options: a clean session. */
        public Options(
                String host,
                int port,
                MqttVersion version,
                String clientId,
                String username,
                String password,
                int keepAliveSeconds,
                SslContext tls,
                String willTopic,
                byte[] willPayload) {
            this(
                    host,
                    port,
                    version,
                    clientId,
                    username,
                    password,
                    keepAliveSeconds,
                    tls,
                    willTopic,
                    willPayload,
                    null);
        }
    }

    /**
     * A session the broker keeps across connections (clean start off): what it queued while the
     * client was away arrives when it comes back. MQTT 5 only.
     *
     * @param expirySeconds how long the broker keeps it after a disconnect
     * @param receiveMaximum QoS 1 messages the broker may have in flight to us at once
     */
    public record Session(long expirySeconds, int receiveMaximum) {}

    private final Channel channel;
    private final CompletableFuture<Integer> connAck = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<Integer>> unacked = new HashMap<>();
    private final Map<Integer, CompletableFuture<int[]>> subscribing = new HashMap<>();
    private volatile BiConsumer<String, byte[]> onMessage = (t, p) -> {};
    private int nextId = 1;
    /** Inside a read: what is written now is flushed once the read completes (one syscall for many). */
    private boolean reading;

    private boolean unflushed;

    private MqttDeviceClient(Channel channel) {
        this.channel = channel;
    }

    /** Connects; completes with the client once the CONNACK accepted it, exceptionally with its code otherwise. */
    public static CompletableFuture<MqttDeviceClient> connect(
            EventLoopGroup group, Class<? extends SocketChannel> type, Options o) {
        if (o.session() != null && o.version() != MqttVersion.MQTT_5) {
            return CompletableFuture.failedFuture(
                    new IllegalArgumentException("a kept session needs MQTT 5 here, not " + o.version()));
        }
        CompletableFuture<MqttDeviceClient> out = new CompletableFuture<>();
        MqttDeviceClient[] client = new MqttDeviceClient[1];
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (o.tls() != null) {
                            ch.pipeline().addLast(o.tls().newHandler(ch.alloc(), o.host(), o.port()));
                        }
                        ch.pipeline().addLast(new MqttDecoder(1 << 20));
                        ch.pipeline().addLast(MqttEncoder.INSTANCE);
                        if (o.keepAliveSeconds() > 0) {
                            ch.pipeline().addLast(new IdleStateHandler(0, o.keepAliveSeconds(), 0, TimeUnit.SECONDS));
                        }
                        client[0] = new MqttDeviceClient(ch);
                        ch.pipeline().addLast(client[0].new Handler());
                    }
                });
        b.connect(o.host(), o.port()).addListener(f -> {
            if (!f.isSuccess()) {
                out.completeExceptionally(f.cause());
                return;
            }
            MqttDeviceClient c = client[0];
            c.channel.closeFuture().addListener(x -> c.closed());
            c.channel.writeAndFlush(connectMessage(o));
            c.connAck.whenComplete((code, e) -> {
                if (e != null) {
                    out.completeExceptionally(e);
                } else if (code != 0) {
                    c.channel.close();
                    out.completeExceptionally(
                            new IllegalStateException("CONNACK refused: 0x" + Integer.toHexString(code)));
                } else {
                    out.complete(c);
                }
            });
        });
        return out;
    }

    private static MqttMessage connectMessage(Options o) {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(o.version())
                .clientId(o.clientId())
                .cleanSession(o.session() == null)
                .keepAlive(o.keepAliveSeconds());
        if (o.session() != null) {
            MqttProperties p = new MqttProperties();
            p.add(new MqttProperties.IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), (int)
                    o.session().expirySeconds()));
            p.add(new MqttProperties.IntegerProperty(
                    MqttPropertyType.RECEIVE_MAXIMUM.value(), o.session().receiveMaximum()));
            b.properties(p);
        }
        if (o.username() != null) {
            b.hasUser(true).username(o.username());
        }
        if (o.password() != null) {
            b.hasPassword(true).password(o.password().getBytes(StandardCharsets.UTF_8));
        }
        if (o.willTopic() != null) {
            b.willFlag(true)
                    .willQoS(MqttQoS.AT_LEAST_ONCE)
                    .willTopic(o.willTopic())
                    .willMessage(o.willPayload());
        }
        return b.build();
    }

    /** Publishes; completes with the PUBACK's reason code (QoS 1), or 0 once written (QoS 0). */
    public CompletableFuture<Integer> publish(String topic, byte[] payload, int qos) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        if (channel.eventLoop().inEventLoop()) {
            send(topic, payload, qos, f);
        } else {
            channel.eventLoop().execute(() -> send(topic, payload, qos, f));
        }
        return f;
    }

    private void send(String topic, byte[] payload, int qos, CompletableFuture<Integer> f) {
        if (!channel.isActive()) {
            f.completeExceptionally(new IllegalStateException("not connected"));
            return;
        }
        int id = qos > 0 ? nextId() : 0;
        if (qos > 0) {
            unacked.put(id, f);
        }
        MqttPublishMessage m = MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(MqttQoS.valueOf(qos))
                .messageId(id)
                .payload(Unpooled.wrappedBuffer(payload))
                .build();
        channel.write(m).addListener(w -> {
            if (!w.isSuccess()) {
                unacked.remove(id);
                f.completeExceptionally(w.cause());
            } else if (qos == 0) {
                f.complete(0);
            }
        });
        if (reading) {
            unflushed = true;
        } else {
            channel.flush();
        }
    }

    /** Subscribes; completes with the SUBACK's codes. */
    public CompletableFuture<int[]> subscribe(String filter, int qos) {
        CompletableFuture<int[]> f = new CompletableFuture<>();
        channel.eventLoop().execute(() -> {
            int id = nextId();
            subscribing.put(id, f);
            channel.writeAndFlush(MqttMessageBuilders.subscribe()
                    .messageId(id)
                    .addSubscription(MqttQoS.valueOf(qos), filter)
                    .build());
        });
        return f;
    }

    /** What to do with a message the server publishes to us (a command); called on the client's event loop. */
    public void onMessage(BiConsumer<String, byte[]> handler) {
        this.onMessage = handler;
    }

    /** A clean DISCONNECT: the server discards the will. */
    public CompletableFuture<Void> disconnect() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        channel.writeAndFlush(MqttMessageBuilders.disconnect().build())
                .addListener(w -> channel.close().addListener(c -> f.complete(null)));
        return f;
    }

    /** Drops the connection without DISCONNECT, as a device losing power does: the server publishes the will. */
    public CompletableFuture<Void> drop() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        channel.close().addListener(c -> f.complete(null));
        return f;
    }

    public boolean isConnected() {
        return channel.isActive();
    }

    /** Completes when the connection is gone, for whatever reason. */
    public CompletableFuture<Void> closedFuture() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        channel.closeFuture().addListener(x -> f.complete(null));
        return f;
    }

    private void closed() {
        IllegalStateException gone = new IllegalStateException("connection closed");
        connAck.completeExceptionally(gone);
        unacked.values().forEach(f -> f.completeExceptionally(gone));
        unacked.clear();
        subscribing.values().forEach(f -> f.completeExceptionally(gone));
        subscribing.clear();
    }

    private int nextId() {
        int id = nextId;
        do {
            id = nextId;
            nextId = nextId == 65_535 ? 1 : nextId + 1;
        } while (unacked.containsKey(id) || subscribing.containsKey(id));
        return id;
    }

    /** Everything the server sends; confined to the client's event loop. */
    private final class Handler extends SimpleChannelInboundHandler<MqttMessage> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, MqttMessage m) {
            reading = true;
            if (m.decoderResult().isFailure()) {
                ctx.close();
                return;
            }
            switch (m.fixedHeader().messageType()) {
                case CONNACK -> connAck.complete((int) ((MqttConnAckMessage) m)
                                .variableHeader()
                                .connectReturnCode()
                                .byteValue()
                        & 0xFF);
                case PUBACK -> {
                    var h = (MqttPubReplyMessageVariableHeader) m.variableHeader();
                    CompletableFuture<Integer> f = unacked.remove(h.messageId());
                    if (f != null) {
                        f.complete(Byte.toUnsignedInt(h.reasonCode()));
                    }
                }
                case SUBACK -> {
                    var s = (MqttSubAckMessage) m;
                    CompletableFuture<int[]> f =
                            subscribing.remove(s.variableHeader().messageId());
                    if (f != null) {
                        f.complete(s.payload().reasonCodes().stream()
                                .mapToInt(Integer::intValue)
                                .toArray());
                    }
                }
                case PUBLISH -> {
                    var p = (MqttPublishMessage) m;
                    onMessage.accept(p.variableHeader().topicName(), ByteBufUtil.getBytes(p.content()));
                    if (p.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                        // Flushed with the rest once the read completes.
                        ctx.write(MqttMessageBuilders.pubAck()
                                .packetId(p.variableHeader().packetId())
                                .build());
                        unflushed = true;
                    }
                }
                default -> {
                    // PINGRESP, DISCONNECT (the server closes right after): nothing to do.
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            reading = false;
            if (unflushed) {
                unflushed = false;
                ctx.flush();
            }
            ctx.fireChannelReadComplete();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.writeAndFlush(new MqttMessage(
                        new MqttFixedHeader(MqttMessageType.PINGREQ, false, MqttQoS.AT_MOST_ONCE, false, 0)));
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}

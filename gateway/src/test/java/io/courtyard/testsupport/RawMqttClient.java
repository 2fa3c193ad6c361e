package io.courtyard.testsupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An MQTT client that sends exactly the packets a test builds (Netty's own codec), including the ones
 * well-behaved clients refuse to send (QoS 2 to a QoS 1 server, oversize, other devices' topics),
 * and records every packet it receives and when the server closed the connection.
 */
public final class RawMqttClient implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    private final Channel channel;

    private RawMqttClient(String host, int port, SslContext tls) throws InterruptedException {
        channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                // Small packets one after another: Nagle would hold each for the peer's delayed ACK.
                .option(io.netty.channel.ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast(new MqttDecoder(16 << 20));
                        ch.pipeline().addLast(MqttEncoder.INSTANCE);
                        ch.pipeline().addLast(new SimpleChannelInboundHandler<MqttMessage>(false) {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, MqttMessage msg) {
                                received.add(msg);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                // A server that closes on a refusal resets what the client still sends.
                                ctx.close();
                            }
                        });
                    }
                })
                .connect(host, port)
                .sync()
                .channel();
    }

    public static RawMqttClient open(int port) throws InterruptedException {
        return new RawMqttClient("127.0.0.1", port, null);
    }

    public static RawMqttClient open(String host, int port, SslContext tls) throws InterruptedException {
        return new RawMqttClient(host, port, tls);
    }

    /** Sends CONNECT and returns the CONNACK. */
    public MqttConnAckMessage connect(
            MqttVersion version, String clientId, String user, String password, MqttProperties props)
            throws InterruptedException {
        MqttMessageBuilders.ConnectBuilder b = MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId(clientId)
                .cleanSession(true)
                .keepAlive(60)
                .properties(props == null ? MqttProperties.NO_PROPERTIES : props);
        if (user != null) {
            b.hasUser(true).username(user);
        }
        if (password != null) {
            b.hasPassword(true).password(password.getBytes(StandardCharsets.UTF_8));
        }
        send(b.build());
        return (MqttConnAckMessage) expect(MqttMessageType.CONNACK);
    }

    public void send(MqttMessage m) {
        channel.writeAndFlush(m).syncUninterruptibly();
    }

    public void publish(String topic, MqttQoS qos, int packetId, byte[] payload) {
        send(MqttMessageBuilders.publish()
                .topicName(topic)
                .qos(qos)
                .messageId(packetId)
                .payload(Unpooled.wrappedBuffer(payload))
                .build());
    }

    /** The next packet, which must be of {@code type}. */
    public MqttMessage expect(MqttMessageType type) throws InterruptedException {
        MqttMessage m = next(Duration.ofSeconds(10));
        if (m == null || m.fixedHeader().messageType() != type) {
            throw new AssertionError("expected " + type + ", got " + m + (channel.isActive() ? "" : " (closed)"));
        }
        return m;
    }

    /** The next packet, or null when none arrives in time. */
    public MqttMessage next(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The reason code of a PUBACK. */
    public static int reason(MqttMessage pubAck) {
        return Byte.toUnsignedInt(((MqttPubReplyMessageVariableHeader) pubAck.variableHeader()).reasonCode());
    }

    /** The reason code of a DISCONNECT. */
    public static int disconnectReason(MqttMessage disconnect) {
        return Byte.toUnsignedInt(
                ((MqttReasonCodeAndPropertiesVariableHeader) disconnect.variableHeader()).reasonCode());
    }

    /** Whether the server closed the connection within {@code wait}. */
    public boolean awaitClosed(Duration wait) {
        return channel.closeFuture().awaitUninterruptibly(wait.toMillis());
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Drops the connection without DISCONNECT, as a dying device does. */
    public void drop() {
        channel.close().syncUninterruptibly();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        received.forEach(ReferenceCountUtil::release);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

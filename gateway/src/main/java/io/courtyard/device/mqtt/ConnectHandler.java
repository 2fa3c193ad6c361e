package io.courtyard.device.mqtt;

import io.courtyard.device.mqtt.DeviceDirectory.Device;
import io.courtyard.device.mqtt.DeviceMessages.Connection;
import io.courtyard.runtime.net.MessageTimeoutException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * A connection's first packet must be a CONNECT, whole within the listener's message timeout: it is
 * checked (protocol version, login throttle, credentials, client id, will) and answered with a
 * CONNACK; an accepted connection replaces this handler by a {@link SessionHandler}. Every refusal
 * answers with the protocol's return code (3.1.1) or reason code (5), is counted and closes.
 */
final class ConnectHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "mqtt-connect";
    /** Where Netty's MQTT decoder keeps the connection's protocol version (MqttCodecUtil, package-private). */
    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final ListenerContext context;
    private final ConnectChecks checks;
    private ScheduledFuture<?> deadline;

    ConnectHandler(ListenerContext context) {
        this.context = context;
        this.checks = new ConnectChecks(context);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        long nanos = context.limits().messageTimeout().toNanos();
        // A client that connects and says nothing, or trickles its CONNECT, holds a socket for nothing.
        deadline = ctx.executor()
                .schedule(
                        () -> ctx.fireExceptionCaught(new MessageTimeoutException(nanos)), nanos, TimeUnit.NANOSECONDS);
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage m)) {
                ctx.fireChannelRead(ReferenceCountUtil.retain(msg));
                return;
            }
            cancelDeadline();
            if (m.decoderResult().isFailure()) {
                undecodable(ctx, m.decoderResult().cause());
            } else if (!(m instanceof MqttConnectMessage connect)) {
                // MQTT-3.1.0-1: the first packet from the client MUST be a CONNECT.
                refuseAndClose(
                        ctx,
                        "protocol-error",
                        "?",
                        "first packet was " + m.fixedHeader().messageType());
            } else {
                connect(ctx, connect);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void undecodable(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof MqttUnacceptableProtocolVersionException) {
            // Sent in 3.1.1 form: a client of an unknown version understands nothing newer.
            reply(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            refuseAndClose(ctx, "protocol-version", "?", cause.getMessage());
        } else if (cause instanceof MqttIdentifierRejectedException) {
            reply(
                    ctx,
                    v5(ctx)
                            ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                            : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            refuseAndClose(ctx, "client-id", "?", cause.getMessage());
        } else if (cause instanceof TooLongFrameException) {
            refuseAndClose(ctx, "oversize", "?", cause.getMessage());
        } else {
            refuseAndClose(ctx, "malformed", "?", String.valueOf(cause));
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        MqttConnectVariableHeader h = connect.variableHeader();
        MqttConnectPayload p = connect.payload();
        MqttVersion version = MqttVersion.fromProtocolNameAndLevel(h.name(), (byte) h.version());
        String who = p.userName() == null ? "?" : p.userName();
        if (version == MqttVersion.MQTT_3_1) {
            reply(ctx, MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            refuseAndClose(ctx, "protocol-version", who, "MQTT 3.1; this listener speaks 3.1.1 and 5");
            return;
        }
        boolean v5 = version == MqttVersion.MQTT_5;
        ConnectChecks.Verdict refusal = checks.refusal(ctx, connect, v5);
        if (refusal != null) {
            reply(ctx, refusal.code());
            refuseAndClose(ctx, refusal.reason(), who, refusal.detail());
            return;
        }
        X509Certificate cert = peerCertificate(ctx);
        Optional<Device> device = context.directory().login(p.userName(), p.passwordInBytes(), cert);
        if (device.isEmpty()) {
            context.throttle().failed(address(ctx));
            reply(
                    ctx,
                    v5
                            ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                            : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            refuseAndClose(
                    ctx,
                    "bad-credentials",
                    who,
                    cert == null ? "unknown username or wrong secret" : "certificate names no device of this name");
            return;
        }
        String id = device.get().id();
        Will will = null;
        if (h.isWillFlag()) {
            String sub = TopicAcl.subtopic(id, p.willTopic());
            if (sub == null) {
                reply(
                        ctx,
                        v5
                                ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                                : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
                refuseAndClose(ctx, "topic-denied", id, "will topic " + p.willTopic() + " is not under devices/" + id);
                return;
            }
            will = new Will(sub, p.willMessageInBytes(), Math.min(1, h.willQos()), ConnectChecks.willDelay(p));
        }
        String clientId = p.clientIdentifier();
        boolean assigned = clientId == null || clientId.isEmpty();
        if (assigned) {
            clientId = "auto-" + UUID.randomUUID();
        }
        accept(ctx, h, v5, device.get(), clientId, assigned, will, cert != null);
    }

    private void accept(
            ChannelHandlerContext ctx,
            MqttConnectVariableHeader h,
            boolean v5,
            Device device,
            String clientId,
            boolean assigned,
            Will will,
            boolean certificate) {
        MqttProperties out = new MqttProperties();
        int keepAlive = checks.keepAlive(h, v5, out);
        long expiry = checks.sessionExpiry(h, v5, out);
        Connection info = new Connection(
                clientId,
                v5 ? "mqtt-5" : "mqtt-3.1.1",
                address(ctx).getHostAddress(),
                ctx.pipeline().get(SslHandler.class) != null,
                certificate);
        Session session = new Session(
                device.id(),
                clientId,
                Session.key(device.id(), clientId),
                v5,
                keepAlive,
                will,
                expiry,
                ConnectChecks.clientReceiveMaximum(h),
                ConnectChecks.clientMaxPacket(h),
                info);
        SessionHandler handler = new SessionHandler(context, session);
        // In the pipeline before it is registered: a takeover from another loop finds it ready.
        handler.install(ctx);
        Sessions.Attached attached = context.sessions().attach(session, handler, h.isCleanSession());
        handler.resume(attached.subscriptions());
        if (v5) {
            checks.serverProperties(out);
            if (assigned) {
                out.add(new MqttProperties.StringProperty(
                        MqttProperties.MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), clientId));
            }
        }
        // Through the channel: this handler has just left the pipeline.
        ctx.channel()
                .writeAndFlush(Packets.connAck(
                        MqttConnectReturnCode.CONNECTION_ACCEPTED,
                        attached.sessionPresent(),
                        v5 ? out : MqttProperties.NO_PROPERTIES));
    }

    private void reply(ChannelHandlerContext ctx, MqttConnectReturnCode code) {
        ctx.write(Packets.connAck(code, false, MqttProperties.NO_PROPERTIES));
    }

    private void refuseAndClose(ChannelHandlerContext ctx, String reason, String who, String detail) {
        context.refusals().refuse(ctx, reason, who, detail);
        ctx.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    /** The version the decoder read from the CONNECT's variable header, before its payload failed. */
    private static boolean v5(ChannelHandlerContext ctx) {
        return ctx.channel().attr(VERSION).get() == MqttVersion.MQTT_5;
    }

    static java.net.InetAddress address(ChannelHandlerContext ctx) {
        return ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    }

    private static X509Certificate peerCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}

package io.courtyard.device.mqtt;

import io.courtyard.device.mqtt.DeviceMessages.Handled;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttReasonCodes;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One admitted device connection after its CONNECT: publishes (ACL, QoS, retain, window, rate, then
 * handed over and acknowledged once durable), subscriptions to its command topics, pings, its
 * DISCONNECT or its end (keep-alive, loss, takeover, refusal), and then its will and its session.
 * Every refusal uses the protocol's own answer (MQTT 5 reason codes; a closed connection for
 * 3.1.1, which has none) and is counted.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "mqtt-session";
    /** Reader-idle after the decoder: only whole MQTT packets count as a sign of life, not trickled bytes. */
    static final String KEEP_ALIVE = "mqtt-keep-alive";

    private final ListenerContext context;
    private final Session session;
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    /** Packets read while publishes wait for the rate; at most what one socket read decoded. */
    private final java.util.ArrayDeque<MqttMessage> parked = new java.util.ArrayDeque<>();

    private final java.util.Queue<Runnable> completions = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean draining = new java.util.concurrent.atomic.AtomicBoolean();
    private ChannelHandlerContext ctx;
    private PublishFlow flow;
    private Outbound outbound;
    private Departure departure;
    private boolean sessionContinues;
    private boolean ended;

    SessionHandler(ListenerContext context, Session session) {
        this.context = context;
        this.session = session;
    }

    Session session() {
        return session;
    }

    Set<String> subscriptions() {
        return subscriptions;
    }

    /** Takes the CONNECT handler's place; the keep-alive clock starts now (1.5 times the keep-alive, MQTT 3.1.2.10). */
    void install(ChannelHandlerContext connect) {
        ChannelPipeline p = connect.pipeline();
        if (session.keepAliveSeconds() > 0) {
            p.addBefore(
                    ConnectHandler.NAME,
                    KEEP_ALIVE,
                    new IdleStateHandler(session.keepAliveSeconds() * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
        p.replace(ConnectHandler.NAME, NAME, this);
    }

    /** The subscriptions of a resumed session. */
    void resume(Set<String> resumed) {
        subscriptions.addAll(resumed);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        var o = context.options();
        flow = new PublishFlow(
                ctx,
                session.v5(),
                o.receiveMaximum(),
                new TokenBucket(o.messagesPerSecond(), o.messageBurst(), System.nanoTime()),
                context.metrics());
        outbound = new Outbound(ctx, session);
        if (!ctx.channel().isActive()) {
            // Closed while its CONNECT was handled: it never gets a chance to run channelInactive here.
            ctx.executor().execute(() -> ended());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof MqttMessage m)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!parked.isEmpty()) {
            // Behind publishes waiting for the rate: everything keeps its order.
            parked.add(m);
            return;
        }
        dispatch(m);
    }

    /** Handles one packet; false when it is a publish the rate holds back (parked, not released). */
    private boolean dispatch(MqttMessage m) {
        if (m instanceof MqttPublishMessage p && m.decoderResult().isSuccess()) {
            long wait = flow.admit(System.nanoTime());
            if (wait > 0) {
                parked.addFirst(p);
                flow.holding(true);
                ctx.executor().schedule(this::unpark, wait, TimeUnit.NANOSECONDS);
                return false;
            }
        }
        try {
            if (m.decoderResult().isFailure()) {
                Throwable cause = m.decoderResult().cause();
                boolean tooLong = cause instanceof TooLongFrameException;
                refuse(
                        tooLong ? "oversize" : "malformed",
                        tooLong
                                ? MqttReasonCodes.Disconnect.PACKET_TOO_LARGE
                                : MqttReasonCodes.Disconnect.MALFORMED_PACKET,
                        String.valueOf(cause.getMessage()));
                return true;
            }
            switch (m.fixedHeader().messageType()) {
                case PUBLISH -> publish((MqttPublishMessage) m);
                case PUBACK -> {
                    var h = (MqttPubReplyMessageVariableHeader) m.variableHeader();
                    outbound.acked(h.messageId(), Byte.toUnsignedInt(h.reasonCode()));
                }
                case SUBSCRIBE -> subscribe((MqttSubscribeMessage) m);
                case UNSUBSCRIBE -> unsubscribe((MqttUnsubscribeMessage) m);
                case PINGREQ -> ctx.writeAndFlush(Packets.pingResp());
                case DISCONNECT -> disconnected(m);
                default -> refuse(
                        "protocol-error",
                        MqttReasonCodes.Disconnect.PROTOCOL_ERROR,
                        "unexpected " + m.fixedHeader().messageType());
            }
            return true;
        } finally {
            ReferenceCountUtil.release(m);
        }
    }

    /** The rate admits more: handle what waited, in order, until it holds one back again. */
    private void unpark() {
        while (!parked.isEmpty() && departure == null && ctx.channel().isActive()) {
            if (!dispatch(parked.pollFirst())) {
                return;
            }
        }
        flow.holding(false);
    }

    private void publish(MqttPublishMessage m) {
        long t0 = System.nanoTime();
        MqttQoS qos = m.fixedHeader().qosLevel();
        String topic = m.variableHeader().topicName();
        int id = m.variableHeader().packetId();
        if (qos == MqttQoS.EXACTLY_ONCE) {
            refuse("qos-not-supported", MqttReasonCodes.Disconnect.QOS_NOT_SUPPORTED, "QoS 2 to " + topic);
            return;
        }
        if (session.v5() && m.fixedHeader().isRetain()) {
            refuse("retain-not-supported", MqttReasonCodes.Disconnect.RETAIN_NOT_SUPPORTED, "retained " + topic);
            return;
        }
        if (session.v5() && m.variableHeader().properties().getProperty(MqttPropertyType.TOPIC_ALIAS.value()) != null) {
            refuse("topic-alias-invalid", MqttReasonCodes.Disconnect.TOPIC_ALIAS_INVALID, "Topic Alias Maximum is 0");
            return;
        }
        String sub = TopicAcl.subtopic(session.device(), topic);
        if (sub == null) {
            String why = topic + " is not under devices/" + session.device() + "/";
            if (session.v5() && qos == MqttQoS.AT_LEAST_ONCE) {
                // The one refusal an MQTT 5 device can be told without losing its connection.
                context.refusals().refuse(ctx, "topic-denied", session.device(), why);
                flow.done(flow.expect(id, t0), MqttReasonCodes.PubAck.NOT_AUTHORIZED.byteValue());
                flow.flush();
            } else {
                refuse("topic-denied", MqttReasonCodes.Disconnect.NOT_AUTHORIZED, why);
            }
            return;
        }
        if (session.v5()
                && qos == MqttQoS.AT_LEAST_ONCE
                && flow.inflight() >= context.options().receiveMaximum()) {
            refuse(
                    "receive-maximum-exceeded",
                    MqttReasonCodes.Disconnect.RECEIVE_MAXIMUM_EXCEEDED,
                    "more than " + context.options().receiveMaximum() + " QoS 1 publishes unacknowledged");
            return;
        }
        PublishFlow.Ack ack = qos == MqttQoS.AT_LEAST_ONCE ? flow.expect(id, t0) : null;
        Inbound in = new Inbound(
                session.device(),
                sub,
                ByteBufUtil.getBytes(m.content()),
                qos.value(),
                false,
                context.clock().instant());
        context.metrics().published(qos.value());
        CompletableFuture<Handled> f;
        try {
            f = context.messages().publish(in);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        f.whenComplete((h, e) -> {
            if (ctx.executor().inEventLoop()) {
                handled(ack, h, e);
                flow.flush();
            } else {
                completed(() -> handled(ack, h, e));
            }
        });
    }

    /**
     * A completion from the journal's writer thread. One commit completes many messages at once: they
     * reach the event loop as one task and their PUBACKs leave in one write, not one syscall each.
     */
    private void completed(Runnable r) {
        completions.add(r);
        if (draining.compareAndSet(false, true)) {
            ctx.executor().execute(this::drainCompletions);
        }
    }

    private void drainCompletions() {
        // Cleared first: a completion added after the loop below schedules another drain.
        draining.set(false);
        for (Runnable r; (r = completions.poll()) != null; ) {
            r.run();
        }
        flow.flush();
    }

    private void handled(PublishFlow.Ack ack, Handled h, Throwable error) {
        if (error != null) {
            context.metrics().journalFailed(ack != null);
            if (ack != null && departure == null) {
                // Never acknowledge what is not durable: the device sends it again after reconnecting.
                context.refusals().refuse(ctx, "server-busy", session.device(), "not journaled: " + error);
                closeWith(Departure.SERVER_BUSY, MqttReasonCodes.Disconnect.SERVER_BUSY);
            }
            return;
        }
        if (h == Handled.PAYLOAD_INVALID) {
            ctx.fireUserEventTriggered(new io.courtyard.runtime.net.MessageRefused("payload-invalid"));
        }
        if (ack != null) {
            boolean refused = h == Handled.PAYLOAD_INVALID && session.v5();
            flow.done(ack, refused ? MqttReasonCodes.PubAck.PAYLOAD_FORMAT_INVALID.byteValue() : 0);
        }
    }

    private void subscribe(MqttSubscribeMessage m) {
        int id = m.idAndPropertiesVariableHeader().messageId();
        if (session.v5()
                && m.idAndPropertiesVariableHeader()
                                .properties()
                                .getProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value())
                        != null) {
            refuse(
                    "subscription-id-not-supported",
                    MqttReasonCodes.Disconnect.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                    "Subscription Identifier Available is 0");
            return;
        }
        var topics = m.payload().topicSubscriptions();
        int[] codes = new int[topics.size()];
        for (int i = 0; i < codes.length; i++) {
            String filter = topics.get(i).topicFilter();
            TopicAcl.Verdict v = TopicAcl.subscribe(session.device(), filter);
            codes[i] = switch (v) {
                case ALLOWED -> Math.min(1, topics.get(i).qualityOfService().value());
                case NOT_AUTHORIZED -> session.v5() ? 0x87 : 0x80;
                case INVALID_FILTER -> session.v5() ? 0x8F : 0x80;
                case SHARED_NOT_SUPPORTED -> session.v5() ? 0x9E : 0x80;
            };
            if (v == TopicAcl.Verdict.ALLOWED) {
                subscriptions.add(filter);
            } else {
                context.refusals().refuse(ctx, "subscribe-denied", session.device(), filter + ": " + v);
            }
        }
        ctx.writeAndFlush(Packets.subAck(id, codes));
    }

    private void unsubscribe(MqttUnsubscribeMessage m) {
        var topics = m.payload().topics();
        short[] codes = new short[topics.size()];
        for (int i = 0; i < codes.length; i++) {
            // MQTT 5: 0x11 "no subscription existed"; 3.1.1 UNSUBACKs carry no codes.
            codes[i] = (short) (subscriptions.remove(topics.get(i)) ? 0x00 : 0x11);
        }
        ctx.writeAndFlush(Packets.unsubAck(m.idAndPropertiesVariableHeader().messageId(), codes));
    }

    private void disconnected(MqttMessage m) {
        boolean withWill = session.v5()
                && m.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader h
                && h.reasonCode() == MqttReasonCodes.Disconnect.DISCONNECT_WITH_WILL_MESSAGE.byteValue();
        departure = withWill ? Departure.DISCONNECTED_WITH_WILL : Departure.DISCONNECTED;
        ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent && departure == null) {
            departure = Departure.KEEP_ALIVE_TIMEOUT;
            if (session.v5()) {
                ctx.writeAndFlush(Packets.disconnect(MqttReasonCodes.Disconnect.KEEP_ALIVE_TIMEOUT.byteValue()));
            }
        }
        // The listener's tail counts the idle connection and closes it.
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        flow.updateReading();
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ended();
        super.channelInactive(ctx);
    }

    private void ended() {
        if (ended) {
            return;
        }
        ended = true;
        parked.forEach(ReferenceCountUtil::release);
        parked.clear();
        flow.close();
        outbound.close();
        context.sessions().detach(this, departure == null ? Departure.CONNECTION_LOST : departure, sessionContinues);
    }

    /** Another connection took this session's client id (called from that connection's loop). */
    void takenOver(boolean continues) {
        ctx.executor().execute(() -> {
            sessionContinues = continues;
            context.metrics().takeover();
            closeWith(Departure.TAKEN_OVER, MqttReasonCodes.Disconnect.SESSION_TAKEN_OVER);
        });
    }

    /** The gateway is stopping: MQTT 5 devices are told so. */
    void shutdown() {
        ctx.executor()
                .execute(() -> closeWith(Departure.SERVER_STOPPING, MqttReasonCodes.Disconnect.SERVER_SHUTTING_DOWN));
    }

    /** Publishes to the device if it subscribed to {@code topic}; false when it did not. */
    CompletableFuture<Boolean> send(String topic, byte[] payload, int qos) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            if (subscriptions.stream().noneMatch(s -> TopicAcl.matches(s, topic))) {
                f.complete(false);
            } else {
                outbound.send(topic, payload, qos).whenComplete((ok, e) -> {
                    if (e != null) {
                        f.completeExceptionally(e);
                    } else {
                        f.complete(ok);
                    }
                });
            }
        });
        return f;
    }

    private void refuse(String reason, MqttReasonCodes.Disconnect code, String detail) {
        context.refusals().refuse(ctx, reason, session.device(), detail);
        closeWith(Departure.REFUSED, code);
    }

    private void closeWith(Departure why, MqttReasonCodes.Disconnect code) {
        if (departure != null) {
            return;
        }
        departure = why;
        if (session.v5() && ctx.channel().isActive()) {
            ctx.writeAndFlush(Packets.disconnect(code.byteValue())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}

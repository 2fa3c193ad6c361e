package io.courtyard.uplink;

import io.courtyard.config.UpstreamConfig;
import io.courtyard.runtime.ExponentialBackoff;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access-list and command channel: its own MQTT 5 connection to the upstream broker (client id
 * {@code {clientId}-acl}), built by {@link UpstreamConnections} like the event uplink's, with
 * every subscription renewed after each connection and each topic's size limit enforced.
 *
 * <p>Why not share the uplink's connection ({@link MqttSink}): it drives its client from its own
 * publish loop with an in-flight window; sharing it would couple the arrival of a revocation to the
 * drain of an event backlog, and its reconnection to ours.
 *
 * <p>Messages are acknowledged by the channel, not by Paho: each once its handler is done with it
 * ({@link UpstreamSubscriber.Handler#message}), in arrival order ({@link InboundAcks}), so that a
 * command the gateway could not yet make durable stays with the broker.
 *
 * <p>Every change of connection state runs on one executor: an attempt, and the loss of a
 * connection, which Paho reports on its own threads and which is queued behind the attempt that
 * made the connection. A loss reported while an attempt is still subscribing is therefore never
 * ignored (it once was, which left the channel down until a restart).
 */
public final class UpstreamChannel implements UpstreamSubscriber, Service {
    private static final Logger log = LoggerFactory.getLogger(UpstreamChannel.class);

    /** How long a never-connected channel stays quiet (INFO) before it warns. */
    static final Duration UNREACHABLE_WARN = Duration.ofMinutes(1);

    private record Subscription(int maxBytes, Handler handler) {}

    private final UpstreamConfig.Mqtt config;
    private final String siteId;
    private final String name;
    private final String clientIdSuffix;
    private final UpstreamConnections.Timing timing;
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final List<Runnable> connected = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService exec;
    private UpstreamConnections connections;
    private ExponentialBackoff backoff;
    /** The client of the current attempt or connection; set and cleared on the executor only. */
    private volatile MqttAsyncClient client;

    private volatile boolean running;
    private volatile int connectionsMade;
    private long connectedAt;
    private boolean failing;
    private boolean everConnected;
    private boolean warned;
    private long failingSince;

    /** @param clientIdSuffix appended to the configured client id ({@code -acl}) */
    public UpstreamChannel(
            UpstreamConfig.Mqtt config,
            String siteId,
            String name,
            String clientIdSuffix,
            UpstreamConnections.Timing timing) {
        this.config = config;
        this.siteId = siteId;
        this.name = name;
        this.clientIdSuffix = clientIdSuffix;
        this.timing = timing;
    }

    @Override
    public String name() {
        return name;
    }

    private String topic(String suffix) {
        return config.topicPrefix() + "/" + siteId + "/" + suffix;
    }

    @Override
    public void subscribe(String suffix, int maxBytes, Handler handler) {
        subscriptions.put(topic(suffix), new Subscription(maxBytes, handler));
    }

    @Override
    public CompletableFuture<Void> publishConfirmed(String suffix, byte[] payload) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            f.completeExceptionally(new IllegalStateException(name + ": not connected"));
            return f;
        }
        try {
            c.publish(
                    topic(suffix),
                    new MqttMessage(payload, 1, false, new MqttProperties()),
                    null,
                    new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken token) {
                            f.complete(null);
                        }

                        @Override
                        public void onFailure(IMqttToken token, Throwable e) {
                            f.completeExceptionally(e);
                        }
                    });
        } catch (MqttException | RuntimeException e) {
            f.completeExceptionally(e);
        }
        return f;
    }

    @Override
    public void onConnected(Runnable r) {
        connected.add(r);
    }

    @Override
    public boolean publish(String suffix, byte[] payload) {
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            return false;
        }
        try {
            c.publish(topic(suffix), new MqttMessage(payload, 1, false, new MqttProperties()));
            return true;
        } catch (MqttException | RuntimeException e) {
            log.warn("{}: publish to {} failed: {}", name, topic(suffix), e.toString());
            return false;
        }
    }

    public boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    /** Connections made since start. */
    int connections() {
        return connectionsMade;
    }

    /** The largest packet this channel accepts: its largest subscription's limit plus the packet's own overhead. */
    long maxIncomingPacket() {
        int largest = subscriptions.values().stream()
                .mapToInt(Subscription::maxBytes)
                .max()
                .orElse(0);
        return (long) largest + UpstreamConnections.PACKET_OVERHEAD;
    }

    @Override
    public synchronized void start() throws IOException, GeneralSecurityException {
        connections = UpstreamConnections.resolve(config, siteId, timing);
        backoff = connections.backoff();
        running = true;
        exec = Executors.newSingleThreadScheduledExecutor(Threads.named(name, true));
        exec.execute(this::connect);
        log.info(
                "{}: connecting to {} as {} for {} (packets up to {} bytes)",
                name,
                connections.uri(),
                connections.clientId(clientIdSuffix),
                subscriptions.keySet(),
                maxIncomingPacket());
    }

    /** One attempt, on the executor, which also runs every loss and schedules the next attempt. */
    private void connect() {
        if (!running) {
            return;
        }
        MqttAsyncClient c = null;
        try {
            c = connections.client(connections.clientId(clientIdSuffix));
            // Acknowledged by the handlers, once done: see InboundAcks.
            c.setManualAcks(true);
            c.setCallback(new Callbacks(c));
            // Ours from now on: a loss Paho reports during the attempt is queued behind it and handled.
            client = c;
            long timeout = connections.connectTimeout().toMillis();
            IMqttToken t = c.connect(connections.options(maxIncomingPacket()));
            t.waitForCompletion(timeout);
            String[] topics = subscriptions.keySet().toArray(new String[0]);
            MqttSubscription[] subs = new MqttSubscription[topics.length];
            for (int i = 0; i < topics.length; i++) {
                subs[i] = new MqttSubscription(topics[i], 1);
            }
            // The array form: Paho 1.2.5's single-topic subscribe overloads recurse forever.
            if (subs.length > 0) {
                c.subscribe(subs, null, null, new MqttProperties()).waitForCompletion(timeout);
            }
        } catch (MqttException | RuntimeException e) {
            client = null;
            UpstreamConnections.forceClose(c);
            retry("cannot connect: " + e);
            return;
        }
        connectedAt = System.nanoTime();
        connectionsMade++;
        everConnected = true;
        if (failing) {
            log.info("{}: connected again to {}", name, connections.uri());
            failing = false;
            warned = false;
        } else {
            log.info("{}: connected to {}, subscribed to {}", name, connections.uri(), subscriptions.keySet());
        }
        for (Runnable r : connected) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("{}: on-connect action failed: {}", name, e.toString());
            }
        }
    }

    /** A connection ended; runs on the executor, after the attempt that made it. */
    private void lost(MqttAsyncClient owner, String why) {
        if (owner != client || !running) {
            return;
        }
        client = null;
        UpstreamConnections.forceClose(owner);
        if (System.nanoTime() - connectedAt >= timing.backoffCap().toNanos()) {
            backoff.reset();
        }
        retry(why);
    }

    private void retry(String why) {
        if (!running) {
            return;
        }
        Duration d = backoff.next();
        if (!failing) {
            failing = true;
            failingSince = System.nanoTime();
            // An edge gateway often starts before its uplink is reachable: that is normal until it lasts.
            if (everConnected) {
                log.warn(
                        "{}: {}; reconnecting in {} ms (the stored access list stays in force)",
                        name,
                        why,
                        d.toMillis());
                warned = true;
            } else {
                log.info(
                        "{}: upstream not reachable yet ({}); retrying, the stored access list is enforced", name, why);
            }
        } else if (!warned && System.nanoTime() - failingSince > UNREACHABLE_WARN.toNanos()) {
            log.warn(
                    "{}: upstream unreachable for over {} s ({}); still retrying",
                    name,
                    UNREACHABLE_WARN.toSeconds(),
                    why);
            warned = true;
        }
        try {
            exec.schedule(this::connect, d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("{}: stopping, no retry", name);
        }
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        running = false;
        if (exec != null) {
            exec.shutdownNow();
            exec.awaitTermination(2, TimeUnit.SECONDS);
        }
        MqttAsyncClient c = client;
        client = null;
        if (c != null && c.isConnected()) {
            try {
                // Waits longer than the quiesce: closing while Paho's disconnect thread still quiesces
                // makes that thread throw (ClientState.quiesce after close).
                c.disconnect(500).waitForCompletion(2000);
            } catch (MqttException e) {
                log.debug("{}: disconnect: {}", name, e.toString());
            }
        }
        UpstreamConnections.forceClose(c);
    }

    /**
     * Hands a message to its topic's handler, within the topic's limit, and acknowledges it when the
     * handler is done: at once for an oversized one, for one on no subscribed topic and for one the
     * handler failed to take.
     */
    private void deliver(String topic, MqttMessage message, InboundAcks acks) {
        InboundAcks.Pending ack = acks.arrived(message.getId(), message.getQos());
        Subscription s = subscriptions.get(topic);
        if (s == null) {
            acks.done(ack);
            return;
        }
        byte[] payload = message.getPayload();
        long dropped = InboundPacketLimit.oversize(payload);
        try {
            if (dropped >= 0) {
                s.handler().oversize(dropped);
            } else if (payload.length > s.maxBytes()) {
                s.handler().oversize(payload.length);
            } else {
                CompletionStage<?> handled = s.handler().message(payload);
                handled.whenComplete((ok, e) -> {
                    if (e == null) {
                        acks.done(ack);
                    } else {
                        log.warn("{}: a message on {} stays unacknowledged: {}", name, topic, e.toString());
                    }
                });
                return;
            }
        } catch (RuntimeException e) {
            // Paho would drop the connection without acknowledging, and the broker would send the
            // same message again after every reconnect: one poison message would stop the channel.
            log.error("{}: a message on {} could not be handed over; acknowledged and dropped", name, topic, e);
        }
        acks.done(ack);
    }

    /** Paho's callbacks for one client; a loss is queued on the executor. */
    private final class Callbacks implements MqttCallback {
        private final MqttAsyncClient owner;
        private final InboundAcks acks;

        Callbacks(MqttAsyncClient owner) {
            this.owner = owner;
            this.acks = new InboundAcks(owner);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            deliver(topic, message, acks);
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            lostLater(
                    "disconnected: " + r.getReasonString() + (r.getException() == null ? "" : " " + r.getException()));
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            lostLater("MQTT error: " + e);
        }

        private void lostLater(String why) {
            try {
                exec.execute(() -> lost(owner, why));
            } catch (RejectedExecutionException stopping) {
                log.debug("{}: lost while stopping: {}", name, why);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}

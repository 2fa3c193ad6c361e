package io.courtyard.acl;

import io.courtyard.config.Secret;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.runtime.ExponentialBackoff;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.uplink.UplinkTls;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access-list sync's own MQTT 5 connection to the upstream broker (client id
 * {@code {clientId}-acl}): a persistent session, so that the broker queues access-list messages
 * for us through short outages, reconnection with jittered backoff, and every subscription
 * renewed after each connection. A fresh Paho client per attempt, as the uplink sink does: Paho
 * 1.2.5 cannot be trusted to resume cleanly (eclipse-paho/paho.mqtt.java#1104).
 *
 * <p>Why not share the uplink's connection ({@link io.courtyard.uplink.MqttSink}): it opens a
 * fresh client for every connection and drives it from its own publish loop with an in-flight
 * window; sharing it would couple the arrival of a revocation to the drain of an event backlog,
 * and its reconnection to ours. A second connection with the same credentials and TLS costs one
 * TCP session and keeps both simple.
 */
public final class PahoUpstream implements UpstreamSubscriber, Service {
    private static final Logger log = LoggerFactory.getLogger(PahoUpstream.class);

    /** Everything a connection needs. */
    public record Settings(
            URI uri,
            String clientId,
            Optional<String> username,
            Optional<Secret> password,
            Optional<UpstreamConfig.Tls> tls,
            Duration keepAlive,
            Duration sessionExpiry,
            String topicPrefix,
            String siteId,
            Duration backoffInitial,
            Duration backoffMax) {}

    /** How long a never-connected sync stays quiet (INFO) before it warns. */
    static final Duration UNREACHABLE_WARN = Duration.ofMinutes(1);

    private final Settings settings;
    private final Map<String, Consumer<byte[]>> handlers = new ConcurrentHashMap<>();
    private final List<Runnable> connected = new CopyOnWriteArrayList<>();
    private final ExponentialBackoff backoff;
    private ScheduledExecutorService exec;
    private SSLSocketFactory socketFactory;
    private volatile MqttAsyncClient client;
    private volatile boolean running;
    private boolean failing;
    private boolean everConnected;
    private boolean warned;
    private long failingSince;

    public PahoUpstream(Settings settings) {
        this.settings = settings;
        this.backoff = new ExponentialBackoff(settings.backoffInitial(), settings.backoffMax());
    }

    @Override
    public String name() {
        return "acl-mqtt";
    }

    private String topic(String suffix) {
        return settings.topicPrefix() + "/" + settings.siteId() + "/" + suffix;
    }

    @Override
    public void subscribe(String suffix, Consumer<byte[]> handler) {
        handlers.put(topic(suffix), handler);
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
            MqttMessage m = new MqttMessage(payload, 1, false, new MqttProperties());
            c.publish(topic(suffix), m);
            return true;
        } catch (MqttException | RuntimeException e) {
            log.warn("acl sync: publish to {} failed: {}", topic(suffix), e.toString());
            return false;
        }
    }

    public boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public synchronized void start() throws IOException, GeneralSecurityException {
        // The uplink's TLS: the same CA, client certificate and protocols as the event sink.
        socketFactory = settings.tls().isPresent()
                ? UplinkTls.socketFactory(settings.tls().get())
                : null;
        running = true;
        exec = Executors.newSingleThreadScheduledExecutor(Threads.named("acl-mqtt", true));
        exec.execute(this::connect);
        log.info("acl sync: connecting to {} as {} for {}", settings.uri(), settings.clientId(), handlers.keySet());
    }

    /** One attempt; runs on the executor, which also schedules the next one after a failure. */
    private void connect() {
        if (!running) {
            return;
        }
        MqttAsyncClient c = null;
        try {
            c = new MqttAsyncClient(settings.uri().toString(), settings.clientId(), new MemoryPersistence());
            c.setCallback(new Callbacks(c));
            IMqttToken t = c.connect(options());
            t.waitForCompletion(10_000);
            String[] topics = handlers.keySet().toArray(new String[0]);
            MqttSubscription[] subs = new MqttSubscription[topics.length];
            for (int i = 0; i < topics.length; i++) {
                subs[i] = new MqttSubscription(topics[i], 1);
            }
            // The array form: Paho 1.2.5's single-topic subscribe overloads recurse forever.
            if (subs.length > 0) {
                c.subscribe(subs, null, null, new MqttProperties()).waitForCompletion(10_000);
            }
            client = c;
            backoff.reset();
            everConnected = true;
            if (failing) {
                log.info("acl sync: connected again to {}", settings.uri());
                failing = false;
                warned = false;
            } else {
                log.info("acl sync: connected to {}, subscribed to {}", settings.uri(), List.of(topics));
            }
            connected.forEach(r -> {
                try {
                    r.run();
                } catch (RuntimeException e) {
                    log.warn("acl sync: on-connect action failed: {}", e.toString());
                }
            });
        } catch (MqttException | RuntimeException e) {
            close(c);
            retry("cannot connect: " + e);
        }
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
                log.warn("acl sync: {}; retrying with backoff (the stored access list stays in force)", why);
                warned = true;
            } else {
                log.info(
                        "acl sync: upstream not reachable yet ({}); retrying, the stored access list is enforced", why);
            }
        } else if (!warned && System.nanoTime() - failingSince > UNREACHABLE_WARN.toNanos()) {
            log.warn(
                    "acl sync: upstream unreachable for over {} s ({}); still retrying",
                    UNREACHABLE_WARN.toSeconds(),
                    why);
            warned = true;
        }
        exec.schedule(this::connect, d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) settings.keepAlive().toSeconds());
        o.setConnectionTimeout(10);
        o.setAutomaticReconnect(false);
        settings.username().ifPresent(o::setUserName);
        settings.password().ifPresent(p -> o.setPassword(p.reveal().getBytes(StandardCharsets.UTF_8)));
        if (socketFactory != null) {
            o.setSocketFactory(socketFactory);
            o.setHttpsHostnameVerificationEnabled(true);
        }
        return o;
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
                c.disconnect(1000).waitForCompletion(1000);
            } catch (MqttException e) {
                log.debug("acl sync: disconnect: {}", e.toString());
            }
        }
        close(c);
    }

    private static void close(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 500, false);
            }
            c.close(true);
        } catch (MqttException e) {
            log.debug("acl sync: close: {}", e.toString());
        }
    }

    /** Paho's callbacks for one client; a loss schedules a fresh client. */
    private final class Callbacks implements MqttCallback {
        private final MqttAsyncClient owner;

        Callbacks(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            Consumer<byte[]> h = handlers.get(topic);
            if (h != null) {
                h.accept(message.getPayload());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            lost("disconnected: " + r.getReasonString() + (r.getException() == null ? "" : " " + r.getException()));
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            lost("MQTT error: " + e);
        }

        private void lost(String why) {
            if (client != owner || !running) {
                return;
            }
            client = null;
            ScheduledExecutorService e = exec;
            try {
                e.execute(() -> {
                    close(owner);
                    retry(why);
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                log.debug("acl sync: lost while stopping: {}", why);
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

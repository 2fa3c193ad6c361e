package io.courtyard.sim.load.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.runtime.ExponentialBackoff;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * The platform's subscriber: every event of the site, QoS 1, on a persistent session (clean start
 * off, a session expiry) so that what the broker queued while it was away is delivered when it
 * comes back. Each event goes to the {@link DeliveryLedger} by {@code seq} and {@code id}; its
 * event-to-upstream latency is the arrival here minus the gateway's {@code receivedAt} (same host,
 * same clock). Each retained {@code status} "online" the gateway publishes on connecting starts a
 * new epoch in the ledger: what follows may be resends.
 */
final class UpstreamChecker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String uri;
    private final String filter;
    private final MqttClient client;
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final Latency latency = new Latency("event → upstream");
    private final AtomicLong cards = new AtomicLong();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong statuses = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong onlines = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile String lastMalformed = "";
    private volatile long lastOnline;

    UpstreamChecker(String uri, String site) throws MqttException {
        this.uri = uri;
        this.filter = E2eSite.PREFIX + "/" + site + "/+";
        client = new MqttClient(uri, "load-platform-" + site, new MemoryPersistence());
    }

    /** Connects (again, after a broker restart) and subscribes; the broker keeps the session in between. */
    void connect() throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(false);
        o.setReceiveMaximum(1000);
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval(30);
        client.connect(o);
        // Paho 1.2.5's subscribe(topic, qos[, listener]) recurses; this overload reaches the broker.
        client.subscribe(
                new MqttSubscription[] {new MqttSubscription(filter, 1)}, new IMqttMessageListener[] {this::arrived});
    }

    /**
     * Connects again after the broker restarted, retrying until {@code within} has passed: the
     * first CONNECT can meet a broker that accepted the socket but is not serving yet, and Paho
     * then reports the connection lost (32109, EOF); one such failure used to leave the platform
     * without its subscriber for the rest of the run and every later event counted as lost.
     */
    void reconnect(Duration within) throws MqttException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
        while (true) {
            try {
                connect();
                return;
            } catch (MqttException e) {
                Duration pause = backoff.next();
                if (System.nanoTime() + pause.toNanos() > deadline) {
                    throw e;
                }
                Thread.sleep(pause.toMillis());
            }
        }
    }

    boolean connected() {
        return client.isConnected();
    }

    // Package-private: tests feed it messages as the broker would deliver them.
    void arrived(String topic, MqttMessage msg) {
        long now = nowNanos();
        if (topic.endsWith("/status")) {
            if (new String(msg.getPayload(), java.nio.charset.StandardCharsets.UTF_8).contains("\"online\"")) {
                onlines.incrementAndGet();
                ledger.newEpoch();
                lastOnline = System.nanoTime();
            }
            return;
        }
        try {
            JsonNode root = JSON.readTree(msg.getPayload());
            if (root.isArray()) {
                for (JsonNode e : root) {
                    event(e, now);
                }
            } else {
                event(root, now);
            }
        } catch (IOException | RuntimeException e) {
            malformed.incrementAndGet();
            lastMalformed = topic + ": " + e;
        }
    }

    private void event(JsonNode e, long now) {
        long seq = e.path("seq").asLong(-1);
        String id = e.path("id").asText("");
        if (seq < 1 || id.isEmpty()) {
            malformed.incrementAndGet();
            lastMalformed = "no seq or id: " + abbreviate(e.toString());
            return;
        }
        events.incrementAndGet();
        if (!ledger.record(seq, id)) {
            return;
        }
        try {
            Instant received = Instant.parse(e.path("receivedAt").asText());
            latency.record(now - (received.getEpochSecond() * 1_000_000_000L + received.getNano()));
        } catch (DateTimeParseException x) {
            malformed.incrementAndGet();
            lastMalformed = "receivedAt: " + abbreviate(e.toString());
        }
        String device = e.path("device").asText("");
        String kind = e.path("kind").asText("");
        if ("access".equals(kind) && e.has("decision")) {
            if (device.startsWith("bus-")) {
                cards.incrementAndGet();
            } else if (device.startsWith("barrier-")) {
                pushes.incrementAndGet();
            }
        } else if (device.startsWith("monitor-")
                && "monitor-status".equals(e.path("state").asText())) {
            statuses.incrementAndGet();
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static long nowNanos() {
        Instant n = Instant.now();
        return n.getEpochSecond() * 1_000_000_000L + n.getNano();
    }

    DeliveryLedger ledger() {
        return ledger;
    }

    Latency latency() {
        return latency;
    }

    /** Distinct decisions at gates, at barriers, and monitor statuses seen. */
    long cards() {
        return cards.get();
    }

    long pushes() {
        return pushes.get();
    }

    long statuses() {
        return statuses.get();
    }

    /** Events received, duplicates included. */
    long events() {
        return events.get();
    }

    long onlines() {
        return onlines.get();
    }

    /** When (nanoTime) the gateway last said it was online, 0 before. */
    long lastOnline() {
        return lastOnline;
    }

    long malformed() {
        return malformed.get();
    }

    String lastMalformed() {
        return lastMalformed;
    }

    /** Waits until {@code done} holds or {@code limit} passes; true if it held. */
    static boolean await(java.util.function.BooleanSupplier done, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        } catch (MqttException e) {
            // Closing at the end of a run: nothing to do about a broker already gone.
        }
    }

    @Override
    public String toString() {
        return uri + " " + filter;
    }
}

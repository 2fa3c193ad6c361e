package io.courtyard.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * The property platform as the scenarios see it: subscribed to the site's topics on the broker
 * itself (never through the relay a scenario cuts), it keeps every event that arrives, duplicates
 * included, with its payload, and publishes signed lists the way the platform does.
 */
final class UpstreamRecorder implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event as it arrived: topic, envelope, the whole object, and when the recorder saw it. */
    record Arrival(String topic, String id, long seq, String kind, String device, JsonNode event, Instant at) {}

    private final MqttClient client;
    private final String root;
    private final List<Arrival> arrivals = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger snapshotRequests =
            new java.util.concurrent.atomic.AtomicInteger();

    UpstreamRecorder(int brokerPort, String prefix, String site) throws MqttException {
        this.root = prefix + "/" + site + "/";
        client = new MqttClient(
                "tcp://127.0.0.1:" + brokerPort,
                "scenario-platform-" + UUID.randomUUID().toString().substring(0, 8),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o);
        // Paho 1.2.5's subscribe(topic, qos[, listener]) overloads recurse into themselves.
        client.subscribe(
                new MqttSubscription[] {new MqttSubscription(root + "#", 1)},
                new IMqttMessageListener[] {this::arrived});
    }

    private void arrived(String topic, MqttMessage msg) throws IOException {
        Instant at = Instant.now();
        if (topic.equals(root + "acl/request")) {
            snapshotRequests.incrementAndGet();
            return;
        }
        JsonNode n;
        try {
            n = JSON.readTree(msg.getPayload());
        } catch (IOException e) {
            return; // `status` is plain text (online/offline); every event topic carries JSON
        }
        if (n == null) {
            return;
        }
        // batchSize > 1 sends arrays of events on a topic.
        for (JsonNode e : n.isArray() ? n : List.of(n)) {
            if (e.has("id") && e.has("seq")) {
                synchronized (arrivals) {
                    arrivals.add(new Arrival(
                            topic,
                            e.get("id").asText(),
                            e.get("seq").asLong(),
                            e.path("kind").asText(),
                            e.path("device").asText(),
                            e,
                            at));
                }
            }
        }
    }

    /** Every event received so far, in arrival order, duplicates included. */
    List<Arrival> arrivals() {
        synchronized (arrivals) {
            return new ArrayList<>(arrivals);
        }
    }

    /** Waits until some arrival matches; empty if none did within {@code within}. */
    java.util.Optional<Arrival> await(Predicate<Arrival> match, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        do {
            java.util.Optional<Arrival> a = arrivals().stream().filter(match).findFirst();
            if (a.isPresent()) {
                return a;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return java.util.Optional.empty();
    }

    /**
     * Waits for the gateway's snapshot request on {@code acl/request}, which it sends once its
     * access-list connection is subscribed and it has no list: a list published before would find no
     * session to queue it in.
     */
    boolean awaitSnapshotRequest(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (snapshotRequests.get() == 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /** Publishes on {@code prefix/site/suffix}, QoS 1; returns once the broker has acknowledged it. */
    Instant publish(String suffix, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(root + suffix, m);
        return Instant.now();
    }

    @Override
    public void close() {
        try {
            client.disconnect(1000);
            client.close();
        } catch (MqttException e) {
            // The broker may already be gone at the end of a run.
        }
    }
}

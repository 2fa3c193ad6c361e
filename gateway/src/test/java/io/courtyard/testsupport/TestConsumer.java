package io.courtyard.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * The property platform's side in tests: a Paho MQTT 5 subscriber with a persistent session that
 * reconnects by itself and deduplicates events by {@code id}, as the README asks consumers to do.
 * Keeps every event's first arrival in order, every raw message, and the count of duplicates.
 *
 * <p>It reconnects with its own loop, not Paho's automatic reconnect: in the outage test Paho's
 * timer once never came back after a "Broken pipe" loss, leaving the consumer offline for good.
 */
public final class TestConsumer implements AutoCloseable {
    /** One event as it first arrived; its JSON is kept as text, so 100,000 of them stay small. */
    public record Arrival(int index, String id, long seq, String kind, String device, String topic, String text) {
        public JsonNode json() throws IOException {
            return new ObjectMapper().readTree(text);
        }
    }

    /** One MQTT message as it arrived. */
    public record Message(String topic, String payload, boolean retained) {}

    private final ObjectMapper mapper = new ObjectMapper();
    private final MqttAsyncClient client;
    private final String filter;
    private final Map<String, Arrival> byId = new HashMap<>();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private volatile int receiveMaximum = 65_535;
    private final List<String> connectionLog = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final java.util.concurrent.Semaphore lost = new java.util.concurrent.Semaphore(0);
    private volatile boolean closed;
    private MqttConnectionOptions options;
    private Thread reconnector;

    private TestConsumer(String uri, String clientId, String filter) throws MqttException {
        this.client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        this.filter = filter;
    }

    /** Connects with a persistent session and subscribes to {@code filter} at QoS 1. */
    public static TestConsumer connect(String uri, String clientId, String filter) throws MqttException {
        return connect(uri, clientId, filter, null);
    }

    public static TestConsumer connect(String uri, String clientId, String filter, SSLSocketFactory tls)
            throws MqttException {
        TestConsumer c = new TestConsumer(uri, clientId, filter);
        c.client.setCallback(c.new Callbacks());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        if (tls != null) {
            o.setSocketFactory(tls);
        }
        c.options = o;
        IMqttToken connack = c.client.connect(o);
        connack.waitForCompletion(10_000);
        MqttProperties p = connack.getResponseProperties();
        if (p != null && p.getReceiveMaximum() != null) {
            c.receiveMaximum = p.getReceiveMaximum();
        }
        c.subscribe();
        c.reconnector = new Thread(c::reconnectLoop, "test-consumer-" + clientId);
        c.reconnector.setDaemon(true);
        c.reconnector.start();
        return c;
    }

    /** Waits for a loss, then tries every 100 ms until connected; subscribes again if the session is gone. */
    private void reconnectLoop() {
        try {
            while (!closed) {
                lost.acquire();
                while (!closed && !client.isConnected()) {
                    try {
                        IMqttToken t = client.connect(options);
                        t.waitForCompletion(5_000);
                        connectionLog.add(java.time.Instant.now() + " reconnected (session present "
                                + t.getSessionPresent() + ")");
                        if (!t.getSessionPresent()) {
                            subscribe();
                        }
                    } catch (MqttException e) {
                        lost.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                    }
                }
                lost.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void subscribe() throws MqttException {
        client.subscribe(new MqttSubscription(filter, 1)).waitForCompletion(10_000);
    }

    /** The broker's Receive Maximum from this consumer's CONNACK: what the sink's window must respect. */
    public int serverReceiveMaximum() {
        return receiveMaximum;
    }

    public synchronized int uniqueEvents() {
        return arrivals.size();
    }

    public long totalEvents() {
        return events.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    public synchronized Arrival arrival(String id) {
        return byId.get(id);
    }

    /** Position of the event's first arrival, or -1. */
    public synchronized int position(String id) {
        Arrival a = byId.get(id);
        return a == null ? -1 : a.index();
    }

    public synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    public synchronized List<Message> messages(String topic) {
        return messages.stream().filter(m -> m.topic.equals(topic)).toList();
    }

    /** Connects, disconnects and errors with times, for failure messages. */
    public List<String> connectionLog() {
        return List.copyOf(connectionLog);
    }

    public boolean connected() {
        return client.isConnected();
    }

    private synchronized void received(String topic, MqttMessage m) throws IOException {
        String payload = new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
        messages.add(new Message(topic, payload, m.isRetained()));
        if (topic.endsWith("/status") || topic.endsWith("/acl/request")) {
            return; // not journal events: they carry no id
        }
        JsonNode root = mapper.readTree(payload);
        for (JsonNode e : root.isArray() ? root : List.of(root)) {
            events.incrementAndGet();
            String id = e.get("id").asText();
            if (byId.containsKey(id)) {
                duplicates.incrementAndGet();
                continue;
            }
            Arrival a = new Arrival(
                    arrivals.size(),
                    id,
                    e.get("seq").asLong(),
                    e.get("kind").asText(),
                    e.get("device").asText(),
                    topic,
                    e.toString());
            byId.put(id, a);
            arrivals.add(a);
        }
    }

    /** First arrivals grouped by (device, topic), each in arrival order. */
    public synchronized Map<String, List<Arrival>> byDeviceAndTopic() {
        Map<String, List<Arrival>> out = new LinkedHashMap<>();
        for (Arrival a : arrivals) {
            out.computeIfAbsent(a.device + " " + a.topic, k -> new ArrayList<>())
                    .add(a);
        }
        return out;
    }

    @Override
    public void close() throws MqttException {
        closed = true;
        lost.release();
        try {
            if (client.isConnected()) {
                // Quiesce shorter than the wait: closing while Paho's disconnect thread still quiesces makes
                // it throw (NullPointerException in ClientState.quiesce) later, into another test.
                client.disconnect(500).waitForCompletion(5_000);
            }
        } finally {
            client.close(true);
        }
    }

    private final class Callbacks implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            received(topic, message);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            connectionLog.add(java.time.Instant.now() + " disconnected: " + r);
            lost.release();
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            connectionLog.add(java.time.Instant.now() + " error: " + e);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}

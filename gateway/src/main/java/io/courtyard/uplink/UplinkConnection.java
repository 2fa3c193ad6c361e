package io.courtyard.uplink;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One network connection to the upstream broker: its own Paho client, its in-flight window and
 * its status messages. A connection is never reused after it fails; the sink opens a new one.
 *
 * <p>Why a fresh client each time: Paho 1.2.5 keeps in-flight QoS 1 PUBLISHes in its session
 * after replacing their topic with a Topic Alias, and resends them alias-only on the next
 * connection, where the alias means nothing; the broker then disconnects with 0x82/0x94 on every
 * attempt (eclipse-paho/paho.mqtt.java#1104). The journal already holds every unacknowledged
 * event, so the sink resends from there instead ({@link io.courtyard.journal.EventSource#rewind}).
 */
final class UplinkConnection {
    private static final Logger log = LoggerFactory.getLogger(UplinkConnection.class);
    /** How long one wait for a window slot lasts before the stop flag and liveness are checked again. */
    private static final long SLOT_POLL_MILLIS = 100;

    private final MqttAsyncClient client;
    private final UplinkSettings settings;
    private final UplinkMetrics metrics;
    private final Consumer<long[]> onAcked;
    private final Instant connectedAt = Instant.now();
    private volatile Semaphore window = new Semaphore(0);
    private volatile int windowSize;
    private volatile boolean sessionPresent;
    /**
     * The largest packet this connection may send: the broker's Maximum Packet Size, and never more
     * than our own. Paho 1.2.5 swaps the two in {@code ClientState} (its outgoing check reads the
     * Maximum Packet Size we announce for what we receive), so it refuses, with 51002, any publish
     * over our 64 KiB, and a batch over it would be handed out again after every reconnect: the
     * uplink stalled with mosquitto, which announces no maximum. Found by {@code courtyard-sim load}.
     */
    private volatile long maxPacketSize = UplinkSettings.MAX_INCOMING_PACKET;

    private volatile String failure;
    private volatile boolean everAcked;

    private UplinkConnection(
            MqttAsyncClient client, UplinkSettings s, UplinkMetrics metrics, Consumer<long[]> onAcked) {
        this.client = client;
        this.settings = s;
        this.metrics = metrics;
        this.onAcked = onAcked;
    }

    /** Connects, then publishes the retained online status and waits for its PUBACK. */
    static UplinkConnection open(UplinkSettings s, UplinkMetrics metrics, Consumer<long[]> onAcked)
            throws MqttException {
        MqttAsyncClient client = s.connections().client(s.clientId());
        UplinkConnection c = new UplinkConnection(client, s, metrics, onAcked);
        client.setCallback(c.new Callbacks());
        try {
            c.connect();
            return c;
        } catch (MqttException | RuntimeException e) {
            UpstreamConnections.forceClose(client);
            throw e;
        }
    }

    private void connect() throws MqttException {
        long timeout = settings.connections().connectTimeout().toMillis();
        IMqttToken connack = client.connect(settings.connectionOptions(connectedAt));
        connack.waitForCompletion(timeout);
        sessionPresent = connack.getSessionPresent();
        MqttProperties p = connack.getResponseProperties();
        // MQTT 5 §3.2.2.3.3: an absent Receive Maximum means 65,535.
        int receiveMax = p == null || p.getReceiveMaximum() == null ? 65_535 : p.getReceiveMaximum();
        // One slot of the broker's window stays free for the offline status at shutdown.
        windowSize = Math.max(1, Math.min(receiveMax - 1, settings.inflightCap()));
        if (p != null && p.getMaximumPacketSize() != null) {
            maxPacketSize = Math.min(UplinkSettings.MAX_INCOMING_PACKET, p.getMaximumPacketSize());
        }
        // The status message is the only publish outside the window, so it goes (and is
        // acknowledged) before the window opens: Paho refuses a publish beyond Receive Maximum.
        byte[] online = settings.json().status("online", null, "ts", connectedAt, settings.version());
        client.publish(settings.topics().status(), message(online, true)).waitForCompletion(timeout);
        window = new Semaphore(windowSize);
    }

    /** A status or will message: QoS 1, labelled as UTF-8 JSON. */
    static MqttMessage message(byte[] payload, boolean retained) {
        MqttProperties props = new MqttProperties();
        props.setContentType("application/json");
        props.setPayloadFormat(true);
        return new MqttMessage(payload, 1, retained, props);
    }

    /**
     * Publishes one message of events; returns false, without publishing, when the connection
     * died or {@code stop} turned true while waiting for a window slot.
     */
    boolean publish(String topic, byte[] payload, long[] seqs, BooleanSupplier stop) throws InterruptedException {
        if (!window.tryAcquire()) {
            metrics.stalls.increment();
            while (!window.tryAcquire(SLOT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!alive() || stop.getAsBoolean()) {
                    return false;
                }
            }
        }
        if (!alive()) {
            window.release();
            return false;
        }
        metrics.inflight.incrementAndGet();
        Delivery delivery = new Delivery(seqs);
        try {
            // No MQTT 5 properties on event messages: encoding them per message cost about a tenth
            // of the unbatched rate (benchmarks: UplinkBenchmark); the README defines the payload instead.
            client.publish(topic, new MqttMessage(payload, 1, false, null), null, delivery);
            return true;
        } catch (MqttException | RuntimeException e) {
            delivery.release();
            fail("publish failed: " + e);
            return false;
        }
    }

    /** Waits until every published message is acknowledged (or the connection dies). */
    boolean awaitIdle(Duration max) throws InterruptedException {
        if (window.tryAcquire(windowSize, max.toMillis(), TimeUnit.MILLISECONDS)) {
            window.release(windowSize);
            return true;
        }
        return false;
    }

    /** Graceful end: retained offline status, then DISCONNECT (which tells the broker not to send the will). */
    void closeGracefully(Duration budget) {
        long half = Math.max(1, budget.toMillis() / 2);
        if (alive()) {
            byte[] offline = settings.json().status("offline", "shutdown", "ts", Instant.now(), settings.version());
            try {
                client.publish(settings.topics().status(), message(offline, true))
                        .waitForCompletion(half);
            } catch (MqttException e) {
                log.warn("uplink: could not publish offline status: {}", e.toString());
            }
            try {
                client.disconnect(0).waitForCompletion(half);
            } catch (MqttException e) {
                log.warn("uplink: disconnect failed: {}", e.toString());
            }
        }
        fail("closed");
        UpstreamConnections.forceClose(client);
        metrics.connected.set(0);
    }

    /** Drops the connection without DISCONNECT, so the broker publishes our will. */
    void abandon() {
        fail("abandoned");
        UpstreamConnections.forceClose(client);
        metrics.connected.set(0);
    }

    boolean alive() {
        return failure == null;
    }

    String failure() {
        return failure;
    }

    void fail(String why) {
        if (failure == null) {
            failure = why;
        }
    }

    boolean sessionPresent() {
        return sessionPresent;
    }

    int windowSize() {
        return windowSize;
    }

    long maxPacketSize() {
        return maxPacketSize;
    }

    boolean everAcked() {
        return everAcked;
    }

    Duration uptime() {
        return Duration.between(connectedAt, Instant.now());
    }

    private void released() {
        metrics.inflight.decrementAndGet();
        window.release();
    }

    /** Completion of one message; runs on Paho's callback thread, so it only counts and queues. */
    private final class Delivery implements MqttActionListener {
        private final long[] seqs;
        private final java.util.concurrent.atomic.AtomicBoolean released =
                new java.util.concurrent.atomic.AtomicBoolean();

        Delivery(long[] seqs) {
            this.seqs = seqs;
        }

        /**
         * Gives the window slot back exactly once: when publish() throws, Paho may also fail the
         * message through this listener, and a second release would let the window exceed the
         * broker's Receive Maximum.
         */
        void release() {
            if (released.compareAndSet(false, true)) {
                released();
            }
        }

        @Override
        public void onSuccess(IMqttToken token) {
            int[] codes = token.getReasonCodes();
            int code = codes == null || codes.length == 0 ? 0 : codes[0];
            // MQTT 5 §3.4.2.1: 0x80 and above is a refusal; 0x10 "no matching subscribers" is still a success.
            if (code >= 0x80) {
                metrics.rejected.add(seqs.length);
                fail(String.format(
                        java.util.Locale.ROOT,
                        "broker refused a message of %d events (PUBACK reason 0x%02X), first seq %d",
                        seqs.length,
                        code,
                        seqs[0]));
            } else {
                if (code == 0x10) {
                    // Accepted, yet nobody upstream subscribes: acknowledged, but worth an alert.
                    metrics.unrouted.add(seqs.length);
                }
                everAcked = true;
                metrics.messages.increment();
                metrics.published.add(seqs.length);
                onAcked.accept(seqs);
            }
            release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable e) {
            fail("delivery failed: " + e);
            release();
        }
    }

    /** Paho's connection-level callbacks: any of them ends this connection. */
    private final class Callbacks implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse r) {
            String why = r.getException() != null
                    ? r.getException().toString()
                    : "broker sent DISCONNECT, reason " + r.getReturnCode()
                            + (r.getReasonString() == null ? "" : " " + r.getReasonString());
            fail("disconnected: " + why);
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            fail("MQTT error: " + e);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {}

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}

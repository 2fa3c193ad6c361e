package io.courtyard.sim.demo;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Plays the property platform: subscribes to the site's upstream topics and shows what arrives. */
final class UpstreamWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("upstream");

    private final MqttClient client;
    private final AtomicLong received = new AtomicLong();

    UpstreamWatcher(String uri) throws MqttException {
        client = new MqttClient(
                uri, "demo-platform-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
    }

    void start(String topicFilter) throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        client.connect(o);
        // Paho 1.2.5's subscribe(topic, qos[, listener]) overloads recurse into themselves
        // (StackOverflowError); subscribe(MqttSubscription[], IMqttMessageListener[]) reaches the broker.
        client.subscribe(
                new MqttSubscription[] {new MqttSubscription(topicFilter, 1)}, new IMqttMessageListener[] {this::show});
        log.info("platform subscribed to {}", topicFilter);
    }

    private void show(String topic, MqttMessage msg) {
        long n = received.incrementAndGet();
        String payload = new String(msg.getPayload(), StandardCharsets.UTF_8);
        log.info(
                "#{} {}{} {}",
                n,
                topic,
                msg.isRetained() ? " (retained)" : "",
                payload.length() > 300 ? payload.substring(0, 300) + "…" : payload);
    }

    long received() {
        return received.get();
    }

    @Override
    public void close() {
        try {
            client.disconnect(1000);
            client.close();
        } catch (MqttException e) {
            log.debug("watcher close: {}", e.toString());
        }
    }
}

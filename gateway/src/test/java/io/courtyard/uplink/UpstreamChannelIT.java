package io.courtyard.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.testsupport.HiveMqBroker;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.UplinkFixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What real brokers do with the Maximum Packet Size the channel announces (MQTT 5 §3.1.2.11.4: a
 * server must not send a larger packet, and discards it as if it had been delivered): Debian's
 * mosquitto 2.0 and HiveMQ CE both drop it silently, keep the connection, and do not send it again
 * to the persistent session.
 */
@Timeout(120)
class UpstreamChannelIT {
    private static final String TOPIC = UplinkFixtures.PREFIX + "/" + UplinkFixtures.SITE + "/acl";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final UpstreamConnections.Timing FAST =
            new UpstreamConnections.Timing(Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final List<Long> oversize = new CopyOnWriteArrayList<>();
    private AutoCloseable broker;
    private UpstreamChannel channel;
    private MqttClient platform;

    @AfterEach
    void stop() throws Exception {
        if (channel != null) {
            channel.stop();
        }
        if (platform != null && platform.isConnected()) {
            platform.disconnect();
            platform.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private String startBroker(String kind) throws Exception {
        if (kind.equals("mosquitto")) {
            Mosquitto m = Mosquitto.start(Files.createDirectories(dir.resolve("mosquitto")));
            broker = m;
            return m.uri();
        }
        HiveMqBroker h = HiveMqBroker.start(Files.createDirectories(dir.resolve("hivemq")));
        broker = h;
        return h.uri();
    }

    private UpstreamChannel channel(String uri) throws Exception {
        UpstreamChannel c =
                new UpstreamChannel(UplinkFixtures.mqtt(uri, 1), UplinkFixtures.SITE, "acl-mqtt", "-acl", FAST);
        c.subscribe(
                "acl",
                4096,
                UpstreamSubscriber.Handler.of(p -> messages.add(new String(p, StandardCharsets.UTF_8)), oversize::add));
        c.start();
        await().atMost(WAIT).until(c::connected);
        return c;
    }

    private void publish(byte[] payload) throws Exception {
        platform.publish(TOPIC, new MqttMessage(payload, 1, false, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mosquitto", "hivemq"})
    void theBrokerDropsAMessageOverTheMaximumPacketSizeKeepsTheConnectionAndNeverSendsItAgain(String kind)
            throws Exception {
        String uri = startBroker(kind);
        channel = channel(uri);
        platform = new MqttClient(uri, "platform", new MemoryPersistence());
        platform.connect();

        publish(new byte[1 << 20]); // the channel announced 4 KiB + overhead
        publish("after".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> messages.contains("after"));
        assertThat(oversize)
                .as("the broker dropped it; nothing reached the client")
                .isEmpty();
        assertThat(channel.connections()).isEqualTo(1);

        // The persistent session after a restart holds what came meanwhile, not the dropped message.
        channel.stop();
        publish("while away".getBytes(StandardCharsets.UTF_8));
        channel = channel(uri);
        await().atMost(WAIT).until(() -> messages.contains("while away"));
        Thread.sleep(500); // anything redelivered would arrive with the session's first messages
        assertThat(messages).containsExactly("after", "while away");
        assertThat(oversize).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mosquitto", "hivemq"})
    void aMessageWhoseHandlerIsNotDoneComesAgainAfterAReconnectionAndADoneOneDoesNot(String kind) throws Exception {
        String uri = startBroker(kind);
        List<String> seen = new CopyOnWriteArrayList<>();
        // "hold" is never done on the first connection. (HiveMQ sends nothing more while it is owed.)
        UpstreamSubscriber.Handler handler = new UpstreamSubscriber.Handler() {
            @Override
            public CompletionStage<?> message(byte[] payload) {
                String m = new String(payload, StandardCharsets.UTF_8);
                seen.add(m);
                return m.equals("hold") && seen.stream().filter("hold"::equals).count() == 1
                        ? new CompletableFuture<>()
                        : CompletableFuture.completedFuture(null);
            }

            @Override
            public void oversize(long bytes) {}
        };
        channel = new UpstreamChannel(UplinkFixtures.mqtt(uri, 1), UplinkFixtures.SITE, "acl-mqtt", "-acl", FAST);
        channel.subscribe("acl", 4096, handler);
        channel.start();
        await().atMost(WAIT).until(channel::connected);
        platform = new MqttClient(uri, "platform", new MemoryPersistence());
        platform.connect();

        for (String m : List.of("done", "hold")) {
            publish(m.getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(WAIT).until(() -> seen.contains("hold"));
        channel.stop();

        channel = new UpstreamChannel(UplinkFixtures.mqtt(uri, 1), UplinkFixtures.SITE, "acl-mqtt", "-acl", FAST);
        channel.subscribe("acl", 4096, handler);
        channel.start();
        await().atMost(WAIT).until(() -> seen.size() == 3);
        Thread.sleep(500); // anything else redelivered would arrive with the session's first messages
        assertThat(seen).containsExactly("done", "hold", "hold");

        // All done now: a third connection meets nothing.
        channel.stop();
        channel = channel(uri);
        Thread.sleep(1000);
        assertThat(messages).isEmpty();
    }
}

package io.courtyard.device.monitor;

import static io.courtyard.testsupport.DeviceMqttRig.where;
import static io.courtyard.testsupport.UplinkFixtures.PREFIX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.Actuation;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Decision;
import io.courtyard.access.Reason;
import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.device.Decider;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.DeviceMqttRig;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.RecordingSource;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestConsumer;
import io.courtyard.testsupport.TestJournal;
import io.courtyard.testsupport.UplinkFixtures;
import io.courtyard.uplink.MqttSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2: a monitor reports trapped passengers while 100,000 events wait for the upstream
 * broker. The fault is journaled as a safety alarm carrying the car's last status and the card
 * presentations in it, and the alarm reaches the platform ahead of the whole backlog.
 */
@Timeout(240)
class TrappedPassengerBacklogIT {
    private static final int BACKLOG = 100_000;

    @TempDir
    Path dir;

    @Test
    void theTrappedPassengerAlarmCarriesWhoIsInsideAndOvertakesAHundredThousandQueuedEvents() throws Exception {
        try (DeviceMqttRig rig = DeviceMqttRig.start(
                Files.createDirectories(dir.resolve("state")),
                DeviceMqtt.DEFAULTS,
                Map.of("trapped-at-floor", Duration.ofMillis(500)),
                "mqtt")) {
            TestJournal journal = rig.journal();
            // The platform has been unreachable a while: a backlog of access decisions and telemetry.
            List<CompletableFuture<JournalEvent>> backlog = new ArrayList<>(BACKLOG);
            for (int i = 0; i < BACKLOG; i++) {
                Instant now = Instant.now();
                EventKind kind = i % 3 == 0 ? EventKind.ACCESS : EventKind.DEVICE;
                backlog.add(
                        journal.journal().append(new EventDraft("gate-" + (i % 4), now, now, SampleEvents.of(kind))));
            }
            CompletableFuture.allOf(backlog.toArray(new CompletableFuture<?>[0]))
                    .get(60, TimeUnit.SECONDS);

            // Two residents rode elevator-1 in the last minutes (through the seam Devices wires in front of the
            // drivers).
            Decider engine = r -> CompletableFuture.completedFuture(new Decision(
                    Reason.GRANTED,
                    r.device(),
                    null,
                    r.credential(),
                    "c-1",
                    "h-1-1-702-a",
                    "resident",
                    "1-1-702",
                    new Actuation.Floors(List.of(1, 7), List.of(0, 6), Duration.ofSeconds(10)),
                    "residents",
                    null,
                    1));
            Decider seam = rig.cards().around(engine);
            seam.decide(new AccessRequest(
                    "elevator-1",
                    CredentialKey.card("h10301", 12, 1001),
                    null,
                    Instant.now().minusSeconds(90)));
            seam.decide(new AccessRequest(
                    "elevator-1",
                    CredentialKey.card("h10301", 12, 1002),
                    null,
                    Instant.now().minusSeconds(30)));

            // The monitor (Eclipse Paho, MQTT 5) reports the car stopped at 4 with its door shut, then code 7.
            MqttAsyncClient monitor =
                    new MqttAsyncClient("tcp://127.0.0.1:" + rig.port(), "monitor-1", new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setUserName("monitor-1");
            o.setPassword("secret-monitor-1".getBytes(StandardCharsets.UTF_8));
            monitor.connect(o).waitForCompletion(10_000);
            publish(
                    monitor,
                    "status",
                    "{\"floor\":4,\"door\":\"closed\",\"power\":\"mains\",\"running\":\"stopped\","
                            + "\"passenger\":true}");
            publish(monitor, "fault", "{\"code\":7,\"state\":\"raised\"}");
            monitor.disconnect(500).waitForCompletion(5_000);
            monitor.close();

            // Journaled as a safety alarm once the debounce has run, with the car's status and the cards.
            await().atMost(Duration.ofSeconds(10)).until(() -> !rig.events(where("alarm", "alarm", "trapped-passenger"))
                    .isEmpty());
            DeviceMqttRig.Stored alarm =
                    rig.events(where("alarm", "alarm", "trapped-passenger")).get(0);
            JsonNode body = alarm.body();
            assertThat(body.path("state").asText()).isEqualTo("raised");
            assertThat(body.path("elevator").asText()).isEqualTo("elevator-1");
            assertThat(body.path("lastStatus").path("floor").asInt()).isEqualTo(4);
            assertThat(body.path("lastStatus").path("door").asText()).isEqualTo("closed");
            assertThat(body.path("lastStatus").path("power").asText()).isEqualTo("mains");
            assertThat(body.path("recentCards")).hasSize(2);
            assertThat(body.path("recentCards").get(1).path("household").asText())
                    .isEqualTo("1-1-702");
            assertThat(body.path("recentCards").get(1).path("credential").asText())
                    .isEqualTo(CredentialKey.card("h10301", 12, 1002).masked());
            long pendingBefore = journal.source("mqtt").pending();
            assertThat(pendingBefore).isGreaterThan(BACKLOG);

            // The platform comes back: the alarm is the first thing it hears of.
            RecordingSource source = new RecordingSource(journal.source("mqtt"));
            try (Mosquitto broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
                    TestConsumer platform =
                            TestConsumer.connect(broker.uri(), "platform", PREFIX + "/" + UplinkFixtures.SITE + "/#")) {
                MqttSink sink = new MqttSink(
                        UplinkFixtures.mqtt(broker.uri(), 100),
                        UplinkFixtures.SITE,
                        source,
                        new SimpleMeterRegistry(),
                        UplinkFixtures.fastOptions());
                sink.start();
                try {
                    String id = idOf(journal, alarm.seq());
                    await().atMost(Duration.ofSeconds(60)).until(() -> platform.arrival(id) != null);
                    int position = platform.position(id);
                    assertThat(source.handedAt(alarm.seq()))
                            .as("the first event handed to the sink")
                            .isZero();
                    assertThat(position).as("arrival position of the alarm").isLessThan(1_000);
                    TestConsumer.Arrival a = platform.arrival(id);
                    assertThat(a.topic()).isEqualTo(PREFIX + "/" + UplinkFixtures.SITE + "/alarm");
                    assertThat(a.json()
                                    .path("recentCards")
                                    .get(0)
                                    .path("household")
                                    .asText())
                            .isEqualTo("1-1-702");
                    // ... and the backlog follows it, every event of it.
                    await().atMost(Duration.ofSeconds(120)).until(() -> platform.uniqueEvents() >= pendingBefore);
                    long behind = platform.arrivals().stream()
                            .filter(x -> x.index() > position)
                            .count();
                    assertThat(behind).isGreaterThanOrEqualTo(BACKLOG - 1_000);
                } finally {
                    sink.stop();
                }
            }
        }
    }

    private static void publish(MqttAsyncClient c, String subtopic, String payload) throws Exception {
        c.publish(
                        "devices/monitor-1/" + subtopic,
                        new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null))
                .waitForCompletion(10_000);
    }

    private static String idOf(TestJournal journal, long seq) throws Exception {
        // The envelope id is {site}-{instance}-{seq}; a duplicate-free platform keys arrivals by it.
        return TestJournal.SITE + "-" + journal.database().instanceId().substring(0, 8) + "-" + seq;
    }
}

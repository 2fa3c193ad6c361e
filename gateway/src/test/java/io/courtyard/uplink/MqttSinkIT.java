package io.courtyard.uplink;

import static io.courtyard.testsupport.UplinkFixtures.PREFIX;
import static io.courtyard.testsupport.UplinkFixtures.SITE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AccessDecided;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.MonitorMessage;
import io.courtyard.testsupport.ListEventSource;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TcpProxy;
import io.courtyard.testsupport.TestConsumer;
import io.courtyard.testsupport.UplinkFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT sink against a real mosquitto: topics, payloads, acknowledgements, window, status and will. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttSinkIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final ObjectMapper mapper = new ObjectMapper();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ListEventSource source = new ListEventSource("upstream", SITE + "-1");
    private final List<AutoCloseable> closeLast = new ArrayList<>();
    private Mosquitto broker;
    private MqttSink sink;

    @BeforeEach
    void startBroker(@TempDir Path dir) throws Exception {
        broker = Mosquitto.start(dir);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (sink != null) {
            sink.stop();
        }
        for (AutoCloseable c : closeLast) {
            c.close();
        }
        broker.close();
    }

    private MqttSink startSink(String uri, int batchSize) throws Exception {
        sink = new MqttSink(UplinkFixtures.mqtt(uri, batchSize), SITE, source, registry, UplinkFixtures.fastOptions());
        sink.start();
        return sink;
    }

    private TestConsumer consumer(String name, String filter) throws Exception {
        TestConsumer c = TestConsumer.connect(broker.uri(), name, filter);
        closeLast.add(c);
        return c;
    }

    @Test
    void eventGoesToItsKindTopicAsEnvelopePlusBody() throws Exception {
        TestConsumer consumer = consumer("platform", PREFIX + "/" + SITE + "/#");
        Instant deviceTime = Instant.parse("2026-03-01T08:15:30.123Z");
        Instant received = Instant.parse("2026-03-01T08:15:31Z");
        JournalEvent e = source.add(new EventDraft(
                "gate-north",
                deviceTime,
                received,
                new AccessDecided(
                        AccessDecided.Decision.GRANT,
                        "granted",
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        "staff",
                        null,
                        null,
                        3,
                        AccessDecided.Actuation.floors(List.of(3, 4), List.of(2, 3), 10_000),
                        null)));
        JournalEvent ride = source.add(EventKind.RIDE, "lift-1");
        startSink(broker.uri(), 1);

        await().atMost(WAIT).until(() -> consumer.uniqueEvents() == 2);
        TestConsumer.Arrival a = consumer.arrival(e.id());
        assertEquals("cy/site1/access", a.topic());
        JsonNode json = a.json();
        assertEquals(
                List.of(
                        "id",
                        "seq",
                        "kind",
                        "device",
                        "ts",
                        "receivedAt",
                        "decision",
                        "reason",
                        "holderKind",
                        "aclVersion",
                        "actuation"),
                fieldNames(json));
        assertEquals(e.id(), json.get("id").asText());
        assertEquals(e.seq(), json.get("seq").asLong());
        assertEquals("access", json.get("kind").asText());
        assertEquals("gate-north", json.get("device").asText());
        assertEquals("2026-03-01T08:15:30.123Z", json.get("ts").asText());
        assertEquals("2026-03-01T08:15:31Z", json.get("receivedAt").asText());
        assertEquals(4, json.get("actuation").get("floors").get(1).asInt());
        assertEquals("cy/site1/ride", consumer.arrival(ride.id()).topic());
        assertTrue(consumer.messages("cy/site1/access").get(0).payload().startsWith("{"), "batchSize 1: an object");
        await().atMost(WAIT).until(() -> source.pending() == 0);
        assertEquals(new TreeSet<>(List.of(e.seq(), ride.seq())), source.acked());
        assertEquals(
                0.0, registry.get(UplinkMetrics.BODY_INVALID).functionCounter().count());
    }

    @Test
    void batchingSendsEachTopicsEventsAsJsonArraysInOrder() throws Exception {
        TestConsumer consumer = consumer("platform", PREFIX + "/" + SITE + "/#");
        for (int i = 0; i < 150; i++) {
            EventKind kind = i % 5 == 0 ? EventKind.RIDE : EventKind.ACCESS;
            source.add("dev-" + (i % 3), SampleEvents.numbered(kind, i));
        }
        startSink(broker.uri(), 50);

        await().atMost(WAIT).until(() -> consumer.uniqueEvents() == 150);
        List<TestConsumer.Message> access = consumer.messages("cy/site1/access");
        assertEquals(3, access.size(), "120 access events in batches of at most 50");
        for (TestConsumer.Message m : access) {
            JsonNode array = mapper.readTree(m.payload());
            assertTrue(array.isArray());
            assertTrue(array.size() <= 50);
        }
        long lastSeq = 0;
        for (TestConsumer.Arrival a : consumer.arrivals()) {
            if (a.topic().endsWith("/access")) {
                assertTrue(a.seq() > lastSeq, "access events in journal order");
                lastSeq = a.seq();
            }
        }
        assertEquals(0, consumer.duplicates());
        await().atMost(WAIT).until(() -> source.pending() == 0);
    }

    /**
     * 200 events of ~1 KiB in batches of up to 200: a whole batch is three times the 64 KiB Paho
     * lets this connection send (it checks our own Maximum Packet Size on the way out), and
     * mosquitto announces none, so only the sink's own cap splits it; before, the batch was
     * refused, the connection dropped, and the same batch handed out again forever.
     */
    @Test
    void batchesOverOurOwnMaximumPacketSizeAreSplitAndAllArrive() throws Exception {
        TestConsumer consumer = consumer("platform", PREFIX + "/" + SITE + "/#");
        String rule = "group res-1-1 (always); ".repeat(40);
        for (int i = 0; i < 200; i++) {
            source.add(
                    "dev-" + (i % 3),
                    new AccessDecided(
                            AccessDecided.Decision.GRANT,
                            "granted",
                            null,
                            "card",
                            "card:h10301/****",
                            "card:h10301/12/" + i,
                            "c" + i,
                            "h" + i,
                            "resident",
                            null,
                            rule,
                            i,
                            null,
                            null));
        }
        startSink(broker.uri(), 200);

        await().atMost(WAIT).until(() -> consumer.uniqueEvents() == 200);
        assertEquals(0, consumer.duplicates());
        for (TestConsumer.Message m : consumer.messages("cy/site1/access")) {
            assertTrue(
                    m.payload().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                            < UplinkSettings.MAX_INCOMING_PACKET,
                    "every message fits the 64 KiB Paho lets us send");
        }
        assertTrue(consumer.messages("cy/site1/access").size() >= 4, "200 KiB of events in messages under 64 KiB");
        await().atMost(WAIT).until(() -> source.pending() == 0);
    }

    /**
     * One event too large for any message the connection may send (a monitor's 200 KiB payload,
     * kept whole in the journal): it travels as a stand-in with its envelope and its size, and
     * everything after it flows. Before, the same event was handed out and refused forever, and
     * nothing behind it ever reached the platform.
     */
    @Test
    void anEventLargerThanAnyMessageTravelsAsAStandInAndTheRestFlows() throws Exception {
        TestConsumer consumer = consumer("platform", PREFIX + "/" + SITE + "/#");
        JournalEvent before = source.add(EventKind.ACCESS, "gate-north");
        JournalEvent huge = source.add(
                "elevator-1-monitor",
                new MonitorMessage(
                        MonitorMessage.Verdict.MESSAGE,
                        "elevator-1",
                        "diagnostics",
                        null,
                        "x".repeat(200 << 10),
                        null,
                        null));
        JournalEvent after = source.add(EventKind.ACCESS, "gate-north");
        startSink(broker.uri(), 50);

        await().atMost(WAIT).until(() -> consumer.uniqueEvents() == 3);
        JsonNode standIn = consumer.arrival(huge.id()).json();
        assertEquals(huge.seq(), standIn.get("seq").asLong());
        assertEquals("elevator-1-monitor", standIn.get("device").asText());
        assertEquals("device", standIn.get("kind").asText());
        assertTrue(standIn.get("oversize").get("bytes").asLong() > 200 << 10, standIn::toString);
        assertEquals(
                UplinkSettings.MAX_INCOMING_PACKET,
                standIn.get("oversize").get("limit").asLong());
        assertFalse(standIn.has("payload"), "the members stay on the box");
        assertEquals(after.seq(), consumer.arrival(after.id()).json().get("seq").asLong());
        assertEquals(
                before.seq(), consumer.arrival(before.id()).json().get("seq").asLong());
        await().atMost(WAIT).until(() -> source.pending() == 0);
        assertEquals(1.0, registry.get(UplinkMetrics.OVERSIZE).functionCounter().count());
    }

    @Test
    void eventsAreAckedOnlyWhenPubackArrivesAndTheWindowBoundsInFlight() throws Exception {
        TestConsumer consumer = consumer("platform", PREFIX + "/" + SITE + "/#");
        TcpProxy proxy = new TcpProxy(broker.port());
        closeLast.add(proxy);
        startSink(proxy.uri(), 1);
        await().atMost(WAIT).until(() -> sink.metrics().isConnected());

        proxy.holdReplies(true);
        for (int i = 0; i < 100; i++) {
            source.add("monitor-" + (i % 4), SampleEvents.numbered(EventKind.DEVICE, i));
        }
        // The broker has the window's worth of messages; none of their PUBACKs reached the sink.
        int window = Math.min(
                consumer.serverReceiveMaximum() - 1, UplinkOptions.defaults().inflightCap());
        await().atMost(WAIT).until(() -> consumer.uniqueEvents() == window);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> consumer.uniqueEvents() == window);
        assertTrue(source.acked().isEmpty(), "nothing acknowledged to the journal without a PUBACK");
        assertEquals(100, source.pending());
        assertEquals(window, (int) registry.get(UplinkMetrics.INFLIGHT).gauge().value());
        assertTrue(sink.metrics().stalls() >= 1, "a full window is counted as a stall");

        proxy.holdReplies(false);
        await().atMost(WAIT).until(() -> source.pending() == 0);
        assertEquals(100, consumer.uniqueEvents());
        assertEquals(100, sink.metrics().publishedEvents());
        assertEquals(0, (int) registry.get(UplinkMetrics.INFLIGHT).gauge().value());
    }

    @Test
    void statusIsRetainedOnlineAndTheWillSaysOfflineWhenTheConnectionDies() throws Exception {
        TcpProxy proxy = new TcpProxy(broker.port());
        closeLast.add(proxy);
        String status = PREFIX + "/" + SITE + "/status";
        startSink(proxy.uri(), 1);
        await().atMost(WAIT).until(() -> sink.metrics().isConnected());

        TestConsumer watcher = consumer("watcher", status);
        await().atMost(WAIT).until(() -> watcher.messages(status).size() == 1);
        TestConsumer.Message online = watcher.messages(status).get(0);
        assertTrue(online.retained(), "a late subscriber gets the retained status");
        JsonNode onlineJson = mapper.readTree(online.payload());
        assertEquals("online", onlineJson.get("status").asText());
        assertTrue(onlineJson.has("ts") && onlineJson.has("version"));

        proxy.cutAll();
        await().atMost(WAIT).until(() -> watcher.messages(status).size() >= 2);
        JsonNode will = mapper.readTree(watcher.messages(status).get(1).payload());
        assertEquals("offline", will.get("status").asText());
        assertEquals("connection lost", will.get("reason").asText());
        // ... and the sink comes back on its own.
        await().atMost(WAIT).until(() -> watcher.messages(status).size() >= 3);
        assertEquals(
                "online",
                mapper.readTree(watcher.messages(status).get(2).payload())
                        .get("status")
                        .asText());
        await().atMost(WAIT).until(() -> sink.metrics().isConnected());

        sink.stop();
        TestConsumer late = consumer("late", status);
        await().atMost(WAIT).until(() -> late.messages(status).size() == 1);
        JsonNode last = mapper.readTree(late.messages(status).get(0).payload());
        assertEquals("offline", last.get("status").asText());
        assertEquals("shutdown", last.get("reason").asText());
        assertFalse(sink.metrics().isConnected());
        // Every thread of every connection ended with it: Paho's are named after the client id.
        await().atMost(WAIT)
                .until(() -> threadsNamed("courtyard-site1").isEmpty()
                        && threadsNamed("uplink-").isEmpty());
    }

    private static List<String> threadsNamed(String part) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.contains(part))
                .toList();
    }

    @Test
    void stopReturnsPromptlyWhileTheBrokerIsUnreachable() throws Exception {
        int nothing = Mosquitto.freePort();
        startSink("tcp://127.0.0.1:" + nothing, 1);
        source.add(EventKind.ACCESS, "gate");
        await().atMost(WAIT).until(() -> sink.metrics().connectFailures() >= 2);
        long t0 = System.nanoTime();
        sink.stop();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms < 1500, "stop took " + ms + " ms");
        assertEquals(1, source.pending(), "nothing acknowledged that never reached a broker");
    }

    private static List<String> fieldNames(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

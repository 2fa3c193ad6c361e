package io.courtyard.device.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.RawMqttClient;
import io.courtyard.testsupport.TestConsumer;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3: the packaged gateway, a separate process, is killed with SIGKILL while four monitors
 * publish QoS 1 statuses as fast as their in-flight windows allow. Over several rounds, every
 * message the gateway acknowledged with a PUBACK is in its journal after the restart, and reaches
 * the platform's broker.
 */
@Timeout(400)
class DeviceMqttCrashIT {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeviceMqttCrashIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROUNDS = 3;
    private static final int WINDOW = 16;
    private static final String[] MONITORS = {"monitor-a", "monitor-b", "monitor-c", "monitor-d"};
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();

    @Test
    void killNineWhileMonitorsPublishLosesNoAcknowledgedMessageAndAllReachUpstream() throws Exception {
        int port = Mosquitto.freePort();
        try (Mosquitto broker = Mosquitto.start(Files.createDirectories(dir.resolve("platform")));
                TestConsumer platform = TestConsumer.connect(broker.uri(), "platform", "courtyard/crash-court/#")) {
            Path config = ProjectFiles.write(dir.resolve("crash.yaml"), config(port, broker.uri()));
            for (int round = 0; round < ROUNDS; round++) {
                try (ChildProcess gw = gateway(config)) {
                    awaitReady(gw);
                    List<Thread> publishers = new ArrayList<>();
                    int[] counts = new int[MONITORS.length];
                    for (int m = 0; m < MONITORS.length; m++) {
                        int monitor = m;
                        int r = round;
                        Thread t = new Thread(() -> counts[monitor] = publish(port, r, monitor), "publisher-" + m);
                        t.start();
                        publishers.add(t);
                    }
                    Thread.sleep(ThreadLocalRandom.current().nextLong(1_500, 4_000));
                    // SIGKILL: no shutdown hook, no flush, whatever the journal writer was doing.
                    gw.process().destroyForcibly();
                    for (Thread t : publishers) {
                        t.join(30_000);
                    }
                    int acked = java.util.Arrays.stream(counts).sum();
                    log.info("round {}: {} publishes acknowledged before the SIGKILL", round, acked);
                    assertThat(acked)
                            .as("round %d acknowledged messages before the kill", round)
                            .isGreaterThan(100);
                }
            }
            // The last restart: the journal must hold every acknowledged message, and upstream gets them all.
            try (ChildProcess gw = gateway(config)) {
                awaitReady(gw);
                Set<Long> journaled = journaled(dir.resolve("state/courtyard.db"));
                Set<Long> missing = new HashSet<>(acknowledged);
                missing.removeAll(journaled);
                assertThat(missing).as("acknowledged but not in the journal").isEmpty();
                await().atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> upstream(platform).containsAll(acknowledged));
                log.info("{} acknowledged publishes: every one journaled and upstream", acknowledged.size());
                gw.process().destroy();
                assertThat(gw.awaitExit(Duration.ofSeconds(20))).isZero();
            }
        }
    }

    /** One monitor publishing until its connection dies; returns how many PUBACKs it got. */
    private int publish(int port, int round, int monitor) {
        MqttVersion version = monitor % 2 == 0 ? MqttVersion.MQTT_5 : MqttVersion.MQTT_3_1_1;
        Map<Integer, Long> inflight = new HashMap<>();
        int acks = 0;
        long n = 0;
        int nextId = 1;
        try (RawMqttClient c = RawMqttClient.open(port)) {
            c.connect(version, MONITORS[monitor], MONITORS[monitor], "secret-" + MONITORS[monitor], null);
            while (c.isOpen()) {
                while (inflight.size() < WINDOW) {
                    long marker = round * 100_000_000L + monitor * 10_000_000L + n++;
                    int id = nextId;
                    nextId = nextId == 65_535 ? 1 : nextId + 1;
                    inflight.put(id, marker);
                    String payload = "{\"floor\":" + (n % 7 + 1) + ",\"runCount\":" + marker + "}";
                    c.publish(
                            "devices/" + MONITORS[monitor] + "/status",
                            MqttQoS.AT_LEAST_ONCE,
                            id,
                            payload.getBytes(StandardCharsets.UTF_8));
                }
                MqttMessage m = c.next(Duration.ofMillis(200));
                if (m != null && m.fixedHeader().messageType() == MqttMessageType.PUBACK) {
                    var h = (MqttPubReplyMessageVariableHeader) m.variableHeader();
                    Long marker = inflight.remove(h.messageId());
                    if (marker != null && h.reasonCode() == 0) {
                        acknowledged.add(marker);
                        acks++;
                    }
                }
            }
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            // The gateway died under it: what was acknowledged so far is what counts.
        }
        return acks;
    }

    private ChildProcess gateway(Path config) {
        return ChildProcess.start(
                List.of(
                        ChildProcess.javaExecutable(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        "-jar",
                        ProjectFiles.gatewayJar().toString(),
                        "run",
                        "--config",
                        config.toString(),
                        "--state-dir",
                        dir.resolve("state").toString()),
                dir,
                dir.resolve("gateway-" + System.nanoTime() + ".log"));
    }

    private static void awaitReady(ChildProcess gw) {
        await().atMost(STARTUP).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!gw.process().isAlive()) {
                throw new AssertionError("gateway exited before READY:\n" + gw.output());
            }
            return gw.output().contains("READY ");
        });
    }

    /** The markers of every monitor status in the journal, read straight from the database file. */
    private static Set<Long> journaled(Path db) throws Exception {
        Set<Long> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT body FROM events WHERE kind = 'device' AND device LIKE 'monitor-%'")) {
            while (rs.next()) {
                JsonNode b = JSON.readTree(rs.getString(1));
                if (b.path("state").asText().equals("monitor-status")) {
                    out.add(b.path("runCount").asLong());
                }
            }
        }
        return out;
    }

    private static Set<Long> upstream(TestConsumer platform) throws Exception {
        Set<Long> out = new HashSet<>();
        for (TestConsumer.Arrival a : platform.arrivals()) {
            if (a.kind().equals("device") && a.device().startsWith("monitor-")) {
                JsonNode b = a.json();
                if (b.path("state").asText().equals("monitor-status")) {
                    out.add(b.path("runCount").asLong());
                }
            }
        }
        return out;
    }

    private static String config(int port, String upstream) throws Exception {
        int unused = Mosquitto.freePort();
        return """
                site:
                  id: crash-court
                  timeZone: Asia/Shanghai
                  buildings:
                    - id: "1"
                      units:
                        - {id: "1", floors: 7, roomsPerFloor: 2, area: 80}
                        - {id: "2", floors: 7, roomsPerFloor: 2, area: 80}
                listeners:
                  http: {enabled: false}
                  cameras: {enabled: false}
                  deviceMqtt: {bind: 127.0.0.1, port: %d, messagesPerSecond: 100000, messageBurst: 100000}
                upstream:
                  mqtt: {uri: %s, topicPrefix: courtyard, batchSize: 100}
                journal:
                  synchronous: full
                osdpBuses:
                  - id: lift-bus
                    host: 127.0.0.1
                    port: %d
                    devices:
                      - {id: lift-1-reader, address: 1}
                      - {id: lift-2-reader, address: 2}
                elevators:
                  - {id: elevator-1-1, building: "1", unit: "1", reader: {bus: lift-bus, address: 1}, floorOutputs: {1: 0, 7: 6}}
                  - {id: elevator-1-2, building: "1", unit: "2", reader: {bus: lift-bus, address: 2}, floorOutputs: {1: 0, 7: 6}}
                monitors:
                  - {id: monitor-a, elevator: elevator-1-1, secret: secret-monitor-a}
                  - {id: monitor-b, elevator: elevator-1-2, secret: secret-monitor-b}
                  - {id: monitor-c, elevator: elevator-1-1, secret: secret-monitor-c}
                  - {id: monitor-d, elevator: elevator-1-2, secret: secret-monitor-d, faultTable: gov-platform}
                """
                .formatted(port, upstream, unused);
    }
}

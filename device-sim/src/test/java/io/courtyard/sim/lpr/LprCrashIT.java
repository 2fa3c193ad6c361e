package io.courtyard.sim.lpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.acl.Keys;
import io.courtyard.ops.Courtyard;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.demo.EmbeddedBroker;
import io.courtyard.sim.testsupport.LprRig;
import io.courtyard.sim.testsupport.Repository;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2, shaped like {@code JournalCrashIT}: the real gateway in a child process, a Vzenith
 * camera emulator pushing into it without pause, and a real SIGKILL through the process handle in
 * the middle of it, three times. Every push the gateway answered "ok" must be in its journal after
 * the restart, and must reach the platform's broker upstream.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LprCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SERIAL = "VZ-CRASH-01";
    private static final String[] PLATES = {"京A12345", "京B67890", "京AD12345", "沪C55555"};
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void killNineWhileACameraPushesLosesNoReadAnsweredOkAndUpstreamReceivesEveryOne() throws Exception {
        int brokerPort = freePort();
        int cameraPort = freePort();
        Path config = writeConfig(brokerPort, cameraPort);
        Set<String> upstream = ConcurrentHashMap.newKeySet();
        EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("crash-camera", true));
        try (EmbeddedBroker broker = new EmbeddedBroker(dir.resolve("broker"), "127.0.0.1", brokerPort)) {
            broker.start();
            MqttClient platform = subscribe(brokerPort, upstream);
            assertThat(run(List.of("acl", "import", writeList().toString(), "--config", config.toString()), "acl")
                            .waitFor(60, TimeUnit.SECONDS))
                    .isTrue();
            VzenithCamera camera = new VzenithCamera(
                    SERIAL,
                    CameraLink.to("127.0.0.1", cameraPort, "/lpr/vzenith")
                            .timeout(Duration.ofSeconds(2))
                            .retries(0),
                    group);
            List<String> answeredOk = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                Process gw = start(config, round);
                AtomicBoolean pushing = new AtomicBoolean(true);
                // The kill clock starts once the gateway has answered some pushes: a cold JVM on a loaded box is slow.
                long killAt = Long.MAX_VALUE;
                long delay = TimeUnit.MILLISECONDS.toNanos(
                        ThreadLocalRandom.current().nextLong(200, 1500));
                int okThisRound = 0;
                // The camera drains what it kept while the gateway was down, then reads cars until the kill.
                camera.drainOffline(null);
                while (pushing.get()) {
                    VzenithCamera.Push p =
                            camera.read(PLATES[ThreadLocalRandom.current().nextInt(PLATES.length)], 95);
                    if (p.outcome() != null && p.outcome().opened()) {
                        answeredOk.add(SERIAL + "/" + p.record().plateId());
                        if (++okThisRound == 20) {
                            killAt = System.nanoTime() + delay;
                        }
                    }
                    if (System.nanoTime() > killAt && gw.isAlive()) {
                        // SIGKILL through the handle, mid-stream: no shutdown hook, no flush.
                        gw.toHandle().destroyForcibly();
                        pushing.set(false);
                    }
                }
                assertThat(gw.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assertThat(okThisRound).as("round %d made progress", round).isGreaterThanOrEqualTo(20);
            }
            // A last start: the journal is read back, the sink resumes from its cursor.
            Process last = start(config, ROUNDS);
            try {
                camera.drainOffline(null);
                Set<String> journaled = journaledKeys();
                for (String key : answeredOk) {
                    assertThat(journaled)
                            .as("read %s was answered ok: it is in the journal", key)
                            .contains("vzenith/" + key);
                }
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(upstream)
                        .containsAll(
                                answeredOk.stream().map(k -> "vzenith/" + k).toList()));
            } finally {
                last.destroy();
                last.waitFor(20, TimeUnit.SECONDS);
                camera.close();
                platform.disconnect();
                platform.close();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    private Process start(Path config, int round) throws Exception {
        Path log = dir.resolve("gateway-" + round + ".log");
        Process p = run(List.of("run", "--config", config.toString()), "gateway-" + round);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> Files.exists(log) && Files.readString(log).contains("READY"));
        return p;
    }

    private Process run(List<String> args, String name) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Courtyard.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    private Set<String> journaledKeys() throws Exception {
        Set<String> keys = ConcurrentHashMap.newKeySet();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/courtyard.db"));
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT body FROM events WHERE kind = 'access'")) {
            while (rs.next()) {
                JsonNode n = JSON.readTree(rs.getString(1));
                if (n.has("key")) {
                    keys.add(n.get("key").asText());
                }
            }
            try (ResultSet ok = st.executeQuery("PRAGMA integrity_check")) {
                assertThat(ok.getString(1)).isEqualTo("ok");
            }
        }
        return keys;
    }

    private static MqttClient subscribe(int port, Set<String> keys) throws Exception {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, "crash-platform", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        c.connect(o);
        IMqttMessageListener l = (topic, msg) -> {
            JsonNode n = JSON.readTree(new String(msg.getPayload(), StandardCharsets.UTF_8));
            for (JsonNode e : n.isArray() ? n : JSON.createArrayNode().add(n)) {
                if (e.has("key")) {
                    keys.add(e.get("key").asText());
                }
            }
        };
        c.subscribe(
                new MqttSubscription[] {new MqttSubscription("courtyard/demo-court/access", 1)},
                new IMqttMessageListener[] {l});
        return c;
    }

    private Path writeConfig(int brokerPort, int cameraPort) throws Exception {
        Path cfg = dir.resolve("courtyard.yaml");
        Files.writeString(
                cfg,
                """
                site:
                  id: demo-court
                  timeZone: Asia/Shanghai
                  buildings:
                    - id: "1"
                      units:
                        - {id: "1", floors: 7, roomsPerFloor: 2, area: 89.5}
                state:
                  dir: %s
                listeners:
                  http: {enabled: false}
                  cameras: {bind: 127.0.0.1, port: %d}
                  deviceMqtt: {enabled: false}
                upstream:
                  mqtt: {uri: "tcp://127.0.0.1:%d", clientId: crash-gw, batchSize: 50}
                journal:
                  synchronous: full
                acl:
                  publicKeyFile: %s
                parkingZones:
                  - {id: main-lot, capacity: 100000, antiPassback: "off"}
                barriers:
                  - id: east-entry
                    direction: entry
                    zone: main-lot
                    cameraSerial: %s
                    camera: {vendor: vzenith, address: 127.0.0.1, answerWithin: 2s}
                """
                        .formatted(
                                dir.resolve("state"),
                                cameraPort,
                                brokerPort,
                                Repository.file("config/demo-keys/demo-acl.pub"),
                                SERIAL),
                StandardCharsets.UTF_8);
        return cfg;
    }

    private Path writeList() throws Exception {
        PlateList list = PlateList.snapshot("demo-court", 1).resident("h1", "1-1-702");
        for (int i = 0; i < PLATES.length; i++) {
            list.permit("p" + i, "h1", PLATES[i], "main-lot", "none", false);
        }
        Path f = dir.resolve("list.json");
        Files.write(
                f,
                list.sign(
                        LprRig.demoKey(),
                        Keys.keyId(Keys.readPublic(Repository.file("config/demo-keys/demo-acl.pub")))));
        return f;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

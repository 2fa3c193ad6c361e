package io.courtyard.sim.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.acl.SignedBundle;
import io.courtyard.config.ConfigLoader;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import io.courtyard.sim.testsupport.DemoLists;
import io.courtyard.sim.testsupport.Repository;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.TestConsumer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, acceptance 3: the packaged gateway in its own JVM with the service's heap (256 MB,
 * exit on out-of-memory, as systemd runs it), a real mosquitto as the platform's broker and the
 * simulator's reader at a real gate. A 150 MB publish on the command topic, a 30 MB garbage
 * bundle and a garbage bundle just under the list's size limit on the access-list topic, all QoS 1
 * to the gateway's persistent session: the gateway keeps deciding at the gate, reports the
 * refusal once, applies the next signed list, and neither dies nor meets the messages again after
 * a restart.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PoisonUpstreamMessagesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("READY .* http=(http://\\S+/) ");
    private static final String PREFIX = "courtyard/demo-court/";
    private static final String GATES = "gates-bus";
    private static final int STRIKE = 0;
    /** c-r1a of the example list, a resident allowed at the north gate. */
    private static final long RESIDENT = 1001;
    /** c-r1b, which the signed delta revokes. */
    private static final long REVOKED = 1002;

    private static final String CONFIG =
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
              http: {bind: 127.0.0.1, port: 0}
              cameras: {enabled: false}
              deviceMqtt: {enabled: false}
            upstream:
              mqtt:
                uri: %s
            journal:
              synchronous: normal
            acl:
              publicKeyFile: %s
              pinKeyFile: %s
            osdpBuses:
              - id: gates-bus
                host: 127.0.0.1
                port: %d
                devices:
                  - {id: north-gate-reader, address: 1}
            gates:
              - {id: north-gate, reader: {bus: gates-bus, address: 1}, strikeOutput: 0, doorInput: 0, exitInput: 1, pulse: 1s}
            """;

    @TempDir
    Path dir;

    private Mosquitto broker;
    private TestConsumer upstream;
    private MqttClient platform;
    private OsdpSim sim;
    private final List<ChildProcess> gateways = new ArrayList<>();
    /** The gateway every wait watches: a gateway that dies fails the test at once, with its log. */
    private ChildProcess alive;

    @AfterEach
    void stop() throws Exception {
        gateways.forEach(ChildProcess::close);
        if (sim != null) {
            sim.close();
        }
        if (platform != null && platform.isConnected()) {
            platform.disconnect();
            platform.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void oversizedAndGarbageMessagesNeitherStopNorRestartTheGatewayWhichKeepsDeciding() throws Exception {
        broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
        upstream = TestConsumer.connect(broker.uri(), "platform-watch", PREFIX + "#");
        Path config = ProjectFiles.write(
                dir.resolve("courtyard.yaml"),
                CONFIG.formatted(
                        dir.resolve("state"),
                        broker.uri(),
                        Repository.file("config/demo-keys/demo-acl.pub"),
                        Repository.file("config/demo-keys/demo-pin.key"),
                        Mosquitto.freePort()));
        sim = OsdpSim.serving(ConfigLoader.load(config).devices().osdpBuses());
        EmulatedPd gate = sim.pd(GATES, 1);

        ChildProcess gw = gateway(config);
        URI http = URI.create(gw.awaitOutput(READY, WAIT));
        alive = gw;
        long pid = gw.process().pid();
        // Connected and subscribed: a gateway without a list asks for a snapshot.
        await().atMost(WAIT)
                .until(() -> !upstream.messages(PREFIX + "acl/request").isEmpty());
        platform = new MqttClient(broker.uri(), "platform", new MemoryPersistence());
        platform.connect(new MqttConnectionOptions());
        publish("acl", Files.readAllBytes(Repository.file("config/acl-example.json")));
        await().atMost(WAIT)
                .failFast(this::died)
                .until(() -> health(http).path("aclVersion").asLong() == 1);
        sim.presentCard(GATES, 1, WiegandFormat.H10301, 12, RESIDENT);
        await().atMost(WAIT).failFast(this::died).until(() -> gate.activations(STRIKE) == 1);

        int underTheLimit = SignedBundle.MAX_BYTES - (1 << 20);
        publish("command", new byte[150 << 20]);
        publish("acl", garbageBundle(30 << 20));
        publish("acl", garbageBundle(underTheLimit));
        // The broker drops the 150 MB and the 30 MB messages (over the channel's Maximum Packet
        // Size); the bundle under the list's limit reaches the gateway, is read as a stream and
        // refused, once, as an alarm event. No other message reached the updater.
        await().atMost(WAIT).failFast(this::died).until(() -> refusals().size() == 1);
        assertThat(refusals().get(0).path("reason").asText()).isEqualTo("bad-signature");
        assertThat(refusedCount(http, "bad-signature")).isEqualTo(1);
        assertThat(refusedCount(http, "malformed")).isZero();

        sim.presentCard(GATES, 1, WiegandFormat.H10301, 12, RESIDENT);
        await().atMost(WAIT).failFast(this::died).until(() -> gate.activations(STRIKE) == 2);
        JsonNode h = health(http);
        assertThat(h.path("status").asText()).isEqualTo("up");
        publish("acl", DemoLists.revoke("c-r1b", "h-1-1-702-b", REVOKED));
        await().atMost(WAIT)
                .failFast(this::died)
                .until(() -> health(http).path("aclVersion").asLong() == 2);
        sim.presentCard(GATES, 1, WiegandFormat.H10301, 12, REVOKED);
        await().atMost(WAIT).failFast(this::died).until(() -> decisions().stream()
                .anyMatch(d -> d.path("reason").asText().equals("revoked")));
        assertThat(gate.activations(STRIKE)).isEqualTo(2);
        assertThat(gw.process().isAlive()).isTrue();
        assertThat(gw.process().pid()).isEqualTo(pid);
        assertThat(Pattern.compile("READY").matcher(gw.output()).results().count())
                .isEqualTo(1);
        assertThat(gw.output()).doesNotContain("OutOfMemoryError");

        // A restart meets nothing of it again: everything was acknowledged or dropped by the broker.
        gw.process().destroy();
        assertThat(gw.awaitExit(Duration.ofSeconds(10))).isZero();
        ChildProcess again = gateway(config);
        URI http2 = URI.create(again.awaitOutput(READY, WAIT));
        alive = again;
        again.awaitOutput(Pattern.compile("acl-mqtt: connected to"), WAIT);
        sim.presentCard(GATES, 1, WiegandFormat.H10301, 12, RESIDENT);
        await().atMost(WAIT).failFast(this::died).until(() -> gate.activations(STRIKE) == 3);
        assertThat(health(http2).path("aclVersion").asLong()).isEqualTo(2);
        assertThat(refusedCount(http2, "bad-signature")).isZero();
        assertThat(refusals()).hasSize(1);
        assertThat(again.process().isAlive()).isTrue();
    }

    private boolean died() {
        if (alive != null && !alive.process().isAlive()) {
            throw new AssertionError("the gateway exited (" + alive.process().exitValue() + "):\n" + alive.output());
        }
        return false;
    }

    private ChildProcess gateway(Path config) {
        ChildProcess p = ChildProcess.start(
                List.of(
                        ChildProcess.javaExecutable(),
                        // The service's heap and its reaction to running out (systemd/courtyard-gateway.service).
                        "-Xms64m",
                        "-Xmx" + System.getProperty("courtyard.it.heap", "256m"),
                        "-XX:+ExitOnOutOfMemoryError",
                        "-jar",
                        ProjectFiles.gatewayJar().toString(),
                        "run",
                        "--config",
                        config.toString()),
                dir,
                dir.resolve("gateway-" + gateways.size() + ".log"));
        gateways.add(p);
        return p;
    }

    private void publish(String topic, byte[] payload) throws Exception {
        platform.publish(PREFIX + topic, new MqttMessage(payload, 1, false, null));
    }

    /** A bundle of {@code size} bytes that is valid JSON down to a garbage signature: the most work before a refusal. */
    private static byte[] garbageBundle(int size) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(size);
        b.writeBytes("{\"payload\":{\"type\":\"snapshot\",\"pad\":[0".getBytes(StandardCharsets.US_ASCII));
        String tail = "]},\"signature\":\"" + Base64.getEncoder().encodeToString(new byte[64]) + "\"}";
        while (b.size() + 2 + tail.length() <= size) {
            b.write(',');
            b.write('0');
        }
        b.writeBytes(tail.getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    private List<JsonNode> refusals() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (TestConsumer.Message m : upstream.messages()) {
            if (m.topic().startsWith(PREFIX) && m.payload().contains("\"refused\"")) {
                out.add(JSON.readTree(m.payload()));
            }
        }
        return out;
    }

    private List<JsonNode> decisions() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (TestConsumer.Message m : upstream.messages(PREFIX + "access")) {
            out.add(JSON.readTree(m.payload()));
        }
        return out;
    }

    private static JsonNode health(URI base) throws Exception {
        return JSON.readTree(get(base.resolve("health")));
    }

    /** {@code courtyard_acl_updates_total{reason,result="refused"}} from the running process's /metrics. */
    private static long refusedCount(URI base, String reason) throws Exception {
        for (String line : get(base.resolve("metrics")).split("\n")) {
            if (line.startsWith("courtyard_acl_updates_total{")
                    && line.contains("reason=\"" + reason + "\"")
                    && line.contains("result=\"refused\"")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no courtyard_acl_updates_total for " + reason);
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}

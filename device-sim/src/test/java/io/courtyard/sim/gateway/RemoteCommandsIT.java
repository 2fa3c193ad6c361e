package io.courtyard.sim.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.Keys;
import io.courtyard.acl.SignedBundle;
import io.courtyard.command.CommandService;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.lpr.CameraLink;
import io.courtyard.sim.lpr.IsapiServer;
import io.courtyard.sim.lpr.VzenithCamera;
import io.courtyard.sim.monitor.MonitorEmulator;
import io.courtyard.sim.monitor.MonitorSim;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import io.courtyard.sim.testsupport.Repository;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.TestConsumer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, acceptance 5: the packaged gateway against a real mosquitto and the simulator's reader
 * at a gate, every command signed by the packaged {@code courtyard cmd sign}: a gate opens once,
 * fire is raised and cleared, the list is resynced, a reset, a bus restart and a PD reset run, each
 * with its result on {@code cmd/result}; then every refusal, as an attacker or a broken platform
 * would send it, is refused with its reason while the gateway keeps deciding; and after a restart
 * the broker hands nothing back (everything was acknowledged).
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class RemoteCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern READY = Pattern.compile("READY .* http=(http://\\S+/) ");
    private static final String SITE = "demo-court";
    private static final String PREFIX = "courtyard/" + SITE + "/";
    private static final String GATES = "gates-bus";
    private static final int STRIKE = 0;
    /** c-r1a of the example list, a resident allowed at the north gate. */
    private static final long RESIDENT = 1001;

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
              cameras: {bind: 127.0.0.1, port: %d}
              deviceMqtt: {bind: 127.0.0.1, port: %d}
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
                  - {id: lift-reader, address: 2}
            gates:
              - {id: north-gate, reader: {bus: gates-bus, address: 1}, strikeOutput: 0, doorInput: 0, exitInput: 1, pulse: 1s}
            elevators:
              - {id: elevator-1-1, building: "1", unit: "1", reader: {bus: gates-bus, address: 2}, floorOutputs: {1: 0, 7: 6}}
            monitors:
              - {id: monitor-1-1, elevator: elevator-1-1, secret: s11}
            parkingZones:
              - {id: main-lot, capacity: 20}
            barriers:
              - id: north-entry
                direction: entry
                zone: main-lot
                cameraSerial: HK-IN-0003
                camera:
                  vendor: hikvision
                  address: 127.0.0.3
                  answerWithin: 5s
                  isapi: {url: "%s", username: admin, password: isapi-pass-9}
              - id: east-exit
                direction: exit
                zone: main-lot
                cameraSerial: VZ-OUT-0002
                camera: {vendor: vzenith, address: 127.0.0.1, answerWithin: 5s, display: both}
            """;

    @TempDir
    Path dir;

    private Mosquitto broker;
    private TestConsumer upstream;
    private MqttClient platform;
    private OsdpSim sim;
    private final EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("sim-devices", true));
    private IsapiServer isapi;
    private MonitorSim monitors;
    private final List<ChildProcess> processes = new ArrayList<>();
    private ChildProcess alive;
    private Path sequence;
    private int signed;

    @AfterEach
    void stop() throws Exception {
        processes.forEach(ChildProcess::close);
        if (sim != null) {
            sim.close();
        }
        if (monitors != null) {
            monitors.close();
        }
        if (isapi != null) {
            isapi.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
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
    void signedCommandsRunEndToEndAndEveryRefusalIsReported() throws Exception {
        broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
        upstream = TestConsumer.connect(broker.uri(), "platform-watch", PREFIX + "#");
        isapi = IsapiServer.start("admin", "isapi-pass-9", "MD5", group, "127.0.0.1");
        int deviceMqtt = Mosquitto.freePort();
        int cameraPort = Mosquitto.freePort();
        Path config = ProjectFiles.write(
                dir.resolve("courtyard.yaml"),
                CONFIG.formatted(
                        dir.resolve("state"),
                        cameraPort,
                        deviceMqtt,
                        broker.uri(),
                        Repository.file("config/demo-keys/demo-acl.pub"),
                        Repository.file("config/demo-keys/demo-pin.key"),
                        Mosquitto.freePort(),
                        isapi.url()));
        GatewayConfig loaded = ConfigLoader.load(config);
        sim = OsdpSim.serving(loaded.devices().osdpBuses());
        monitors = MonitorSim.of(loaded, "127.0.0.1", deviceMqtt, Duration.ofMillis(100));
        MonitorEmulator monitor = monitors.of("elevator-1-1").orElseThrow();
        EmulatedPd gate = sim.pd(GATES, 1);
        sequence = dir.resolve("demo-court.seq");

        ChildProcess gw = gateway(config);
        URI http = URI.create(gw.awaitOutput(READY, WAIT));
        alive = gw;
        await().atMost(WAIT).failFast(this::died).until(() -> !upstream.messages(PREFIX + "acl/request")
                .isEmpty());
        platform = new MqttClient(broker.uri(), "platform", new MemoryPersistence());
        platform.connect(new MqttConnectionOptions());
        publish("acl", Files.readAllBytes(Repository.file("config/acl-example.json")));
        await().atMost(WAIT)
                .failFast(this::died)
                .until(() -> health(http).path("aclVersion").asLong() == 1);
        await().atMost(WAIT)
                .failFast(this::died)
                .until(() -> health(http).path("osdp").get(0).path("online").asBoolean());

        // A gate opens once.
        String open = sign("--type", "open", "--device", "north-gate", "--seq-file", sequence.toString());
        publish("cmd", open);
        JsonNode opened = result(r -> r.path("type").asText().equals("open"));
        assertThat(opened.path("outcome").asText()).isEqualTo("done");
        assertThat(opened.path("commandSeq").asLong()).isEqualTo(1);
        await().atMost(WAIT).failFast(this::died).until(() -> gate.activations(STRIKE) == 1);

        // Fire: the strike is held released until the clear.
        publish(
                "cmd",
                sign("--type", "emergency", "--mode", "fire", "--action", "raise", "--seq-file", sequence.toString()));
        assertThat(result(r -> r.path("commandSeq").asLong() == 2)
                        .path("detail")
                        .asText())
                .isEqualTo("fire raised");
        await().atMost(WAIT).failFast(this::died).until(() -> gate.output(STRIKE));
        publish(
                "cmd",
                sign("--type", "emergency", "--mode", "fire", "--action", "clear", "--seq-file", sequence.toString()));
        assertThat(result(r -> r.path("commandSeq").asLong() == 3)
                        .path("outcome")
                        .asText())
                .isEqualTo("done");
        await().atMost(WAIT).failFast(this::died).until(() -> !gate.output(STRIKE));
        int activations = gate.activations(STRIKE);

        // The list again, at once; a holder's anti-passback positions; the bus and the reader started over.
        int requests = upstream.messages(PREFIX + "acl/request").size();
        publish("cmd", sign("--type", "acl-resync", "--seq-file", sequence.toString()));
        assertThat(result(r -> r.path("commandSeq").asLong() == 4)
                        .path("outcome")
                        .asText())
                .isEqualTo("done");
        await().atMost(WAIT).until(() -> upstream.messages(PREFIX + "acl/request").stream()
                .skip(requests)
                .anyMatch(m -> m.payload().contains("\"reason\":\"command\"")));
        publish(
                "cmd",
                sign(
                        "--type",
                        "anti-passback-reset",
                        "--subject",
                        "holder:h-1-1-702-a",
                        "--seq-file",
                        sequence.toString()));
        assertThat(result(r -> r.path("commandSeq").asLong() == 5)
                        .path("outcome")
                        .asText())
                .isEqualTo("done");
        publish("cmd", sign("--type", "bus-restart", "--bus", GATES, "--seq-file", sequence.toString()));
        assertThat(result(r -> r.path("commandSeq").asLong() == 6)
                        .path("detail")
                        .asText())
                .isEqualTo("bus gates-bus connected again");
        publish(
                "cmd",
                sign("--type", "device-reset", "--device", "north-gate-reader", "--seq-file", sequence.toString()));
        assertThat(result(r -> r.path("commandSeq").asLong() == 7)
                        .path("detail")
                        .asText())
                .isEqualTo("north-gate-reader online again");
        // A barrier the gateway moves itself (ISAPI) opens; one whose camera opens only on a read is refused.
        String barrier = sign("--type", "open", "--device", "north-entry", "--seq-file", sequence.toString());
        publish("cmd", barrier);
        assertThat(result(r -> r.path("commandSeq").asLong() == 8)
                        .path("detail")
                        .asText())
                .isEqualTo("barrier north-entry opened");
        assertThat(isapi.commands()).extracting(IsapiServer.Command::mode).containsExactly("open");
        publish("cmd", sign("--type", "open", "--device", "east-exit", "--seq-file", sequence.toString()));
        JsonNode vzenith = result(r -> r.path("commandSeq").asLong() == 9);
        assertThat(vzenith.path("outcome").asText()).isEqualTo("refused");
        assertThat(vzenith.path("reason").asText()).isEqualTo("unsupported");

        // A monitor away cannot be asked; once connected and subscribed, it answers with its status.
        publish("cmd", sign("--type", "monitor-status", "--device", "monitor-1-1", "--seq-file", sequence.toString()));
        JsonNode away = result(r -> r.path("commandSeq").asLong() == 10);
        assertThat(away.path("outcome").asText()).isEqualTo("failed");
        assertThat(away.path("reason").asText()).isEqualTo("offline");
        monitor.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        monitor.answerCommands().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long first = awaitStatuses(1);
        publish("cmd", sign("--type", "monitor-status", "--device", "monitor-1-1", "--seq-file", sequence.toString()));
        assertThat(result(r -> r.path("commandSeq").asLong() == 11)
                        .path("outcome")
                        .asText())
                .isEqualTo("done");
        assertThat(monitor.commands()).containsExactly("status");
        awaitStatuses(first + 1);

        // Refusals, each as someone would try it.
        ObjectNode forged =
                (ObjectNode) JSON.readTree(sign("--type", "open", "--device", "north-gate", "--seq", "100"));
        ((ObjectNode) forged.get("payload")).put("seq", 101);
        publish("cmd", JSON.writeValueAsString(forged));
        assertThat(refusal("bad-signature").path("kind").asText()).isEqualTo("alarm");
        Path intruder = dir.resolve("intruder");
        assertThat(cli("keys", "generate", "--out", intruder.toString(), "--name", "key")
                        .awaitExit(WAIT))
                .isZero();
        publish(
                "cmd",
                signWith(intruder.resolve("key.key"), "--type", "open", "--device", "north-gate", "--seq", "100"));
        publish("cmd", open);
        assertThat(refusal("replay").path("detail").asText()).contains("by this command, outcome done");
        publish("cmd", sign("--type", "open", "--device", "north-gate", "--seq", "2"));
        assertThat(refusal("out-of-order").path("detail").asText()).isEqualTo("sequence 2, the last accepted is 11");
        publish("cmd", barrier);
        assertThat(await().atMost(WAIT)
                        .until(
                                () -> results().stream()
                                        .filter(r -> r.path("reason").asText().equals("replay"))
                                        .toList(),
                                l -> l.size() == 2)
                        .get(1)
                        .path("detail")
                        .asText())
                .contains("by this command, outcome done");
        ObjectNode forgedStatus =
                (ObjectNode) JSON.readTree(sign("--type", "monitor-status", "--device", "monitor-1-1", "--seq", "100"));
        ((ObjectNode) forgedStatus.get("payload")).put("device", "monitor-1-2");
        publish("cmd", JSON.writeValueAsString(forgedStatus));
        publish("cmd", sign("--type", "monitor-status", "--device", "monitor-9-9", "--seq", "100"));
        assertThat(refusal("unknown-device").path("detail").asText()).contains("known: monitor-1-1");
        Instant now = Instant.now();
        publish(
                "cmd",
                sign(
                        "--type",
                        "open",
                        "--device",
                        "north-entry",
                        "--seq",
                        "100",
                        "--issued-at",
                        now.minus(Duration.ofMinutes(8)).toString(),
                        "--valid-for",
                        "PT5M"));
        refusal("expired");
        publish(
                "cmd",
                sign(
                        "--type",
                        "open",
                        "--device",
                        "north-gate",
                        "--seq",
                        "100",
                        "--issued-at",
                        now.plus(Duration.ofMinutes(5)).toString()));
        refusal("not-yet-valid");
        publish(
                "cmd",
                platformSigned(
                        JSON.createObjectNode().put("type", "self-destruct").put("seq", 100)));
        refusal("unknown-type");
        publish("cmd", sign("--type", "open", "--device", "west-gate", "--seq", "100"));
        assertThat(result(r -> r.path("reason").asText().equals("unknown-device")
                                && r.path("detail").asText().contains("west-gate"))
                        .path("detail")
                        .asText())
                .endsWith("known: east-exit, north-entry, north-gate");
        platform.publish(PREFIX + "cmd", new MqttMessage(new byte[CommandService.MAX_BYTES + 1], 1, false, null));
        refusal("oversize");
        publish("cmd", "{\"payload\":{\"type\":\"open\"");
        refusal("malformed");
        ObjectNode unsigned =
                (ObjectNode) JSON.readTree(sign("--type", "open", "--device", "north-gate", "--seq", "100"));
        unsigned.remove("signature");
        publish("cmd", JSON.writeValueAsString(unsigned));
        refusal("unsigned");
        // Both bad signatures counted; the second reported only as a count on the next report.
        await().atMost(WAIT).until(() -> counted(http, "refused", "bad-signature") == 3);
        assertThat(gate.activations(STRIKE))
                .as("no refused command opened the gate")
                .isEqualTo(activations);
        assertThat(isapi.commands()).as("nor the barrier").hasSize(1);
        assertThat(monitor.commands()).as("nor reached the monitor").hasSize(1);

        // The gateway decided all along, and still does.
        sim.presentCard(GATES, 1, WiegandFormat.H10301, 12, RESIDENT);
        awaitStrike(gate, activations + 1);
        int results = results().size();

        // A restart meets nothing again: every message was acknowledged.
        gw.process().destroy();
        assertThat(gw.awaitExit(Duration.ofSeconds(20))).isZero();
        ChildProcess again = gateway(config);
        again.awaitOutput(READY, WAIT);
        alive = again;
        again.awaitOutput(Pattern.compile("acl-mqtt: connected to"), WAIT);
        publish("cmd", sign("--type", "open", "--device", "north-gate", "--seq-file", sequence.toString()));
        JsonNode after = result(r -> r.path("commandSeq").asLong() == 12);
        assertThat(after.path("outcome").asText()).isEqualTo("done");
        assertThat(results()).hasSize(results + 1);
        awaitStrike(gate, activations + 2);

        // A barrier camera that cannot be reached: the open fails, reported offline, never "done".
        isapi.close();
        publish("cmd", sign("--type", "open", "--device", "north-entry", "--seq-file", sequence.toString()));
        JsonNode unreachable = result(r -> r.path("commandSeq").asLong() == 13);
        assertThat(unreachable.path("outcome").asText()).isEqualTo("failed");
        assertThat(unreachable.path("reason").asText()).isEqualTo("offline");

        // A message on a barrier's display: refused where the camera cannot pass it on (Hikvision);
        // failed when the Vzenith camera does not call in; sent in the answer to its next heartbeat,
        // which never fires the relay.
        publish("cmd", display("north-entry", "Hi"));
        JsonNode hikvision = result(r -> r.path("commandSeq").asLong() == 14);
        assertThat(hikvision.path("outcome").asText()).isEqualTo("refused");
        assertThat(hikvision.path("reason").asText()).isEqualTo("unsupported");
        publish("cmd", display("east-exit", "无人"));
        JsonNode silent = result(r -> r.path("commandSeq").asLong() == 15);
        assertThat(silent.path("outcome").asText()).isEqualTo("failed");
        assertThat(silent.path("reason").asText()).isEqualTo("timeout");
        try (VzenithCamera exit =
                new VzenithCamera("VZ-OUT-0002", CameraLink.to("127.0.0.1", cameraPort, "/lpr/vzenith"), group)) {
            assertThat(exit.heartbeat()).isEqualTo(200);
            assertThat(exit.displayed())
                    .as("the timed-out message is not sent later")
                    .isEmpty();
            String text = "车位已满 Car park full";
            publish("cmd", display("east-exit", text, "--seconds", "30"));
            JsonNode shown = await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast(this::died)
                    .until(
                            () -> {
                                exit.heartbeat();
                                return results().stream()
                                        .filter(r -> r.path("commandSeq").asLong() == 16)
                                        .findFirst()
                                        .orElse(null);
                            },
                            r -> r != null);
            assertThat(shown.path("outcome").asText()).as(shown.toString()).isEqualTo("done");
            assertThat(exit.displayed()).hasSize(2);
            byte[] frame = exit.displayed().get(0);
            assertThat(frame[4]).as("a text frame").isEqualTo((byte) 0x62);
            assertThat(frame[6 + 4]).as("for 30 s").isEqualTo((byte) 30);
            assertThat(new String(frame, 6 + 19, frame.length - 6 - 19 - 2, Charset.forName("GBK")))
                    .isEqualTo(text);
            assertThat(exit.heartbeatOpenings())
                    .as("a message never opens the barrier")
                    .isZero();
        }
    }

    /** A signed display command for {@code device}, next in sequence. */
    private String display(String device, String text, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--type", "display", "--device", device, "--text", text));
        args.addAll(List.of(more));
        args.addAll(List.of("--seq-file", sequence.toString()));
        return sign(args.toArray(String[]::new));
    }

    /** Signs with the demo key through the packaged CLI; returns the message. */
    private String sign(String... args) throws Exception {
        return signWith(Repository.file("config/demo-keys/demo-acl.key"), args);
    }

    private String signWith(Path key, String... args) throws Exception {
        List<String> cli = new ArrayList<>(List.of("cmd", "sign", "--key", key.toString(), "--site", SITE));
        cli.addAll(List.of(args));
        ChildProcess p = cli(cli.toArray(String[]::new));
        assertThat(p.awaitExit(WAIT)).as(p.output()).isZero();
        return p.output()
                .lines()
                .filter(l -> l.startsWith("{"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    private ChildProcess cli(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ChildProcess.javaExecutable(), "-jar", ProjectFiles.gatewayJar().toString()));
        command.addAll(List.of(args));
        ChildProcess p = ChildProcess.start(command, dir, dir.resolve("cli-" + signed++ + ".log"));
        processes.add(p);
        return p;
    }

    /** A payload the CLI would refuse to sign (an unknown type), signed as the platform's own signer would. */
    private String platformSigned(ObjectNode members) throws Exception {
        Instant now = Instant.now();
        ObjectNode p = JSON.createObjectNode()
                .put("site", SITE)
                .put("nonce", "n-unknown-type")
                .put("issuedAt", now.toString())
                .put("expiresAt", now.plus(Duration.ofMinutes(2)).toString());
        p.setAll(members);
        return new String(
                SignedBundle.sign(
                        CommandService.DOMAIN,
                        p,
                        Keys.readPrivate(Repository.file("config/demo-keys/demo-acl.key")),
                        null),
                StandardCharsets.UTF_8);
    }

    private long awaitStatuses(long atLeast) throws Exception {
        try {
            return await().atMost(WAIT).until(this::monitorStatuses, n -> n >= atLeast);
        } catch (ConditionTimeoutException e) {
            StringBuilder b = new StringBuilder();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/courtyard.db"));
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT kind, device, substr(body, 1, 200) FROM events ORDER BY seq DESC LIMIT 20");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    b.append(rs.getString(1))
                            .append(' ')
                            .append(rs.getString(2))
                            .append(' ')
                            .append(rs.getString(3))
                            .append('\n');
                }
            }
            throw new AssertionError(b + alive.output(), e);
        }
    }

    /** The monitor-status events journaled for monitor-1-1. */
    private long monitorStatuses() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("state/courtyard.db"));
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM events WHERE device = 'monitor-1-1' AND body LIKE '%\"monitor-status\"%'");
                ResultSet rs = ps.executeQuery()) {
            return rs.getLong(1);
        }
    }

    private List<JsonNode> results() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (TestConsumer.Message m : upstream.messages(PREFIX + "cmd/result")) {
            out.add(JSON.readTree(m.payload()));
        }
        return out;
    }

    private JsonNode result(Predicate<JsonNode> match) {
        return await().atMost(WAIT)
                .failFast(this::died)
                .until(() -> results().stream().filter(match).findFirst().orElse(null), r -> r != null);
    }

    private JsonNode refusal(String reason) {
        return result(r -> r.path("outcome").asText().equals("refused")
                && r.path("reason").asText().equals(reason));
    }

    private void publish(String topic, String payload) throws Exception {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8));
    }

    private void publish(String topic, byte[] payload) throws Exception {
        platform.publish(PREFIX + topic, new MqttMessage(payload, 1, false, null));
    }

    /** Waits for the strike's {@code n}th pulse; a timeout carries the gateway's last words, the only witness. */
    private void awaitStrike(EmulatedPd gate, int n) {
        try {
            await().atMost(WAIT).failFast(this::died).until(() -> gate.activations(STRIKE) == n);
        } catch (ConditionTimeoutException e) {
            String out = alive.output();
            // Whether the gateway still polls the reader: the commands it has heard go up while it does.
            long before = gate.stats().commands();
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
            boolean polled = gate.stats().commands() > before;
            throw new AssertionError(
                    "strike pulsed " + gate.activations(STRIKE) + " times, not " + n + "; reader still polled: "
                            + polled + ", its last replies: " + gate.sentFrames() + "; access events upstream: "
                            + upstream.messages(PREFIX + "access") + "\ndevice events upstream: "
                            + upstream.messages(PREFIX + "device") + "\nthe gateway's log ends:\n"
                            + out.substring(Math.max(0, out.length() - 20_000)),
                    e);
        }
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
                        "-Xms64m",
                        "-Xmx256m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-jar",
                        ProjectFiles.gatewayJar().toString(),
                        "run",
                        "--config",
                        config.toString()),
                dir,
                dir.resolve("gateway-" + processes.size() + ".log"));
        processes.add(p);
        return p;
    }

    private static JsonNode health(URI base) throws Exception {
        return JSON.readTree(get(base.resolve("health")));
    }

    /** {@code courtyard_commands_total{outcome,reason}} summed over types, from /metrics. */
    private static long counted(URI base, String outcome, String reason) throws Exception {
        long n = 0;
        for (String line : get(base.resolve("metrics")).split("\n")) {
            if (line.startsWith("courtyard_commands_total{")
                    && line.contains("outcome=\"" + outcome + "\"")
                    && line.contains("reason=\"" + reason + "\"")) {
                n += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return n;
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

package io.courtyard.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.NotifySocket;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.TestConsumer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar run as systemd runs it: a separate process, stopped with SIGTERM. */
@Timeout(180)
class GatewayProcessIT {
    private static final Pattern READY_HTTP = Pattern.compile("READY .* http=(http://\\S+/) ");
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ChildProcess gateway(String... args) {
        return gateway(Map.of(), args);
    }

    private ChildProcess gateway(Map<String, String> env, String... args) {
        List<String> cmd = ChildProcess.gatewayCommand(args);
        return ChildProcess.start(cmd, dir, dir.resolve("gateway-" + System.nanoTime() + ".log"), env);
    }

    @Test
    void servesHealthThenStopsInReverseOrderWithExitZeroOnSigterm() throws Exception {
        // The demo's upstream is a real broker here, so a quiet log means a healthy uplink too.
        try (Mosquitto platform = Mosquitto.start(Files.createDirectories(dir.resolve("platform")));
                TestConsumer upstream = TestConsumer.connect(platform.uri(), "platform", "courtyard/demo-court/#")) {
            servesHealthThenStops(ProjectFiles.demoConfigOnFreePorts(dir, platform.uri()), upstream);
        }
    }

    private void servesHealthThenStops(Path config, TestConsumer upstream) throws Exception {
        Path state = dir.resolve("state");
        // The shipped example list, imported as from a USB stick: a gateway without a list warns.
        try (ChildProcess imp = gateway(
                "acl",
                "import",
                ProjectFiles.config("acl-example.json").toString(),
                "--config",
                config.toString(),
                "--state-dir",
                state.toString())) {
            assertEquals(0, imp.awaitExit(STARTUP), imp::output);
        }
        try (ChildProcess gw = gateway("run", "--config", config.toString(), "--state-dir", state.toString())) {
            URI base = awaitReady(gw);
            // The gateway journals its own start; the uplink forwards it under the site's topics.
            await().atMost(STARTUP).until(() -> upstream.arrivals().stream()
                    .anyMatch(a -> a.topic().equals("courtyard/demo-court/device")
                            && a.device().equals("gateway")));

            HttpResponse<String> res = health(base);
            assertEquals(200, res.statusCode());
            JsonNode health = new ObjectMapper().readTree(res.body());
            assertEquals("up", health.path("status").asText(), res.body());
            assertEquals("demo-court", health.path("site").asText(), res.body());
            assertEquals(1, health.path("aclVersion").asLong(), res.body());
            assertTrue(Files.isRegularFile(state.resolve("courtyard.db")));

            gw.process().destroy(); // SIGTERM on Linux, as systemctl stop sends
            int code = gw.awaitExit(Duration.ofSeconds(5));

            String log = gw.output();
            assertEquals(0, code, log);
            assertInOrder(
                    log,
                    "started database",
                    "started journal",
                    "access list version 1 loaded",
                    "started access",
                    "started acl",
                    "started uplink-mqtt",
                    "started acl-sync",
                    "started commands",
                    "started acl-mqtt",
                    "started event-loops",
                    "started device-drivers",
                    "started device-monitors",
                    "started osdp-buses",
                    "started device-mqtt",
                    "started operator-http",
                    "READY",
                    "stopping courtyard site=demo-court",
                    "stopped operator-http",
                    "stopped device-mqtt",
                    "stopped osdp-buses",
                    "stopped device-monitors",
                    "stopped device-drivers",
                    "stopped event-loops",
                    "stopped acl-mqtt",
                    "stopped commands",
                    "stopped acl-sync",
                    "stopped uplink-mqtt",
                    "stopped acl",
                    "stopped access",
                    "stopped journal",
                    "stopped database",
                    "INFO  [shutdown] i.c.ops.Gateway - stopped");
            // The retained status says why the gateway is gone: a clean stop, not a lost connection.
            String status = "courtyard/demo-court/status";
            await().atMost(STARTUP).until(() -> upstream.messages(status).stream()
                    .anyMatch(m -> m.payload().contains("\"shutdown\"")));
            assertFalse(log.contains("WARN"), log);
            assertFalse(log.contains("ERROR"), log);
        }
    }

    @Test
    void tellsSystemdReadyOnceListenersAreOpenPingsTheWatchdogAndSaysStopping() throws Exception {
        Path config = ProjectFiles.demoConfigOnFreePorts(dir);
        Path state = dir.resolve("state");
        try (NotifySocket systemd = NotifySocket.at(dir.resolve("notify"));
                ChildProcess gw = gateway(
                        Map.of("NOTIFY_SOCKET", systemd.env(), "WATCHDOG_USEC", "2000000"),
                        "run",
                        "--config",
                        config.toString(),
                        "--state-dir",
                        state.toString())) {
            await().atMost(STARTUP).until(() -> systemd.messages().stream().anyMatch(m -> m.has("READY=1")));
            String logAtReady = gw.output();
            assertTrue(logAtReady.contains("started operator-http"), logAtReady);
            NotifySocket.Message ready = systemd.messages().stream()
                    .filter(m -> m.has("READY=1"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(ready.text().matches("READY=1\nSTATUS=site demo-court up; journal at seq \\d+"), ready::text);
            assertEquals(
                    List.of("STATUS=starting"),
                    systemd.messages().subList(0, 1).stream()
                            .map(NotifySocket.Message::text)
                            .toList(),
                    "nothing but STATUS before READY");
            // The operator listener answers the moment systemd hears READY.
            URI base = awaitReady(gw);
            assertEquals(200, health(base).statusCode());

            long readyAt = ready.nanos();
            await().atMost(Duration.ofSeconds(20)).until(() -> systemd.pingsSince(readyAt) >= 3);

            gw.process().destroy();
            assertEquals(0, gw.awaitExit(Duration.ofSeconds(10)), gw::output);
            assertTrue(systemd.messages().stream().anyMatch(m -> m.has("STOPPING=1")), systemd.messages()::toString);
            assertTrue(gw.output().contains("systemd watchdog: 2000 ms"), gw::output);
        }
    }

    @Test
    void secondGatewayOnTheSameStateDirectoryExitsOneWhileTheFirstRuns() throws Exception {
        Path config = ProjectFiles.demoConfigOnFreePorts(dir);
        Path state = dir.resolve("state");
        try (ChildProcess first = gateway("run", "--config", config.toString(), "--state-dir", state.toString())) {
            awaitReady(first);

            try (ChildProcess second = gateway("run", "--config", config.toString(), "--state-dir", state.toString())) {
                int code = second.awaitExit(STARTUP);
                String log = second.output();
                assertEquals(1, code, log);
                assertTrue(log.contains("another gateway holds the state directory " + state), log);
                assertFalse(log.contains("READY"), log);
            }
            assertTrue(first.process().isAlive(), "the first gateway is untouched");
        }
    }

    @Test
    void invalidConfigExitsTwoWithoutStartingAnything() throws Exception {
        Path config = ProjectFiles.write(
                dir.resolve("bad.yaml"),
                """
                site:
                  id: test-court
                listeners:
                  http: {port: 70000}
                """);
        Path state = dir.resolve("state");
        try (ChildProcess gw = gateway("run", "--config", config.toString(), "--state-dir", state.toString())) {
            int code = gw.awaitExit(STARTUP);

            String log = gw.output();
            assertEquals(2, code, log);
            assertTrue(log.contains(config + ":4:16: listeners.http.port: expected an integer from 0 to 65535"), log);
            assertTrue(log.contains("1 problem; nothing was started."), log);
            assertFalse(log.contains("started "), log);
            assertFalse(Files.exists(state), "the state directory was never created");
        }
    }

    @Test
    void databaseFromANewerGatewayExitsOneWithWhatToDo() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("courtyard.db"));
                Statement st = c.createStatement()) {
            st.executeUpdate("PRAGMA user_version = 99");
        }
        Path config = ProjectFiles.demoConfigOnFreePorts(dir);
        try (ChildProcess gw = gateway("run", "--config", config.toString(), "--state-dir", state.toString())) {
            int code = gw.awaitExit(STARTUP);

            String log = gw.output();
            assertEquals(1, code, log);
            assertTrue(log.contains("schema version 99 is newer than this gateway knows"), log);
            assertTrue(log.contains("Run that version, or restore a backup taken with this one."), log);
            assertFalse(log.contains("READY"), log);
            assertFalse(log.contains("started event-loops"), "nothing after the database started");
        }
    }

    private static HttpResponse<String> health(URI base) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the READY line and returns the operator URL it announces; fails early if the process dies. */
    private static URI awaitReady(ChildProcess gw) {
        return URI.create(gw.awaitOutput(READY_HTTP, STARTUP));
    }

    private static void assertInOrder(String log, String... marks) {
        int from = 0;
        for (String mark : marks) {
            int at = log.indexOf(mark, from);
            assertTrue(at >= 0, () -> "'" + mark + "' missing or out of order in:\n" + log);
            from = at + mark.length();
        }
    }
}

package io.courtyard.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.sim.testsupport.Repository;
import io.courtyard.testsupport.ChildProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code courtyard-sim demo --month}, as the README runs it, in its own process: two simulated days of
 * the demo compound go through the real gateway on a simulated clock, then the operator API shows their
 * rides and a bill that adds up, the live summary is printed, and SIGTERM ends it all with exit 0.
 */
class DemoMonthIT {
    /** Every fixed port of config/demo.yaml: listeners, the platform broker, the serial servers, the ISAPI camera. */
    private static final List<String> PORTS =
            List.of("18080", "18081", "18830", "18831", "14001", "14002", "14003", "18082");

    private static final Pattern DONE = Pattern.compile("DEMO MONTH DONE: .*rides \\{elevator-1-1=(\\d+)");
    private static final Pattern SUMMARY = Pattern.compile(
            "summary: ([0-9.]+) events/s, (\\d+) grants, (\\d+) denials, (\\d+) open faults, upstream lag (\\d+) events");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(300)
    void twoSimulatedDaysShowTheirRidesAndABillThatAddsUpThenTheDemoGoesLiveAndStopsCleanly() throws Exception {
        Path config = configOnFreePorts();
        Path state = dir.resolve("state");
        List<String> cmd = new ArrayList<>(List.of(
                ChildProcess.javaExecutable(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                "io.courtyard.sim.SimMain",
                "demo",
                "--config",
                config.toString(),
                "--state-dir",
                state.toString(),
                "--acl",
                Repository.file("config/acl-example.json").toString(),
                "--acl-key",
                Repository.file("config/demo-keys/demo-acl.key").toString(),
                "--month",
                "--month-days",
                "2",
                "--month-share",
                "0.25",
                "--summary-every",
                "1",
                "--no-scenario"));
        try (ChildProcess demo = ChildProcess.start(cmd, Repository.root(), dir.resolve("demo.log"))) {
            assertThat(demo.awaitOutput(
                            Pattern.compile(
                                    "SIMULATED CLOCK: site demo-court runs on a simulated clock starting (\\S+)"),
                            Duration.ofSeconds(60)))
                    .startsWith("2026-09-30T15:50");
            long rides = Long.parseLong(demo.awaitOutput(DONE, Duration.ofSeconds(180)));
            assertThat(rides).as("rides played at elevator-1-1").isPositive();
            String http = "http://127.0.0.1:" + port(config, "http");
            OperatorClient api = new OperatorClient(port(config, "http"), state);

            JsonNode usage = api.get("/api/usage?month=2026-10&elevator=elevator-1-1");
            JsonNode e11 = usage.path("elevators").path(0);
            assertThat(e11.path("elevator").asText()).isEqualTo("elevator-1-1");
            assertThat(e11.path("rides").asLong())
                    .as("the gateway recorded every ride played")
                    .isEqualTo(rides);
            assertThat(e11.path("byDay").has("2026-10-03"))
                    .as("only the two days played")
                    .isFalse();

            List<MonthBillCheck.Check> checks =
                    MonthBillCheck.run(api, config, state, YearMonth.of(2026, 10), "elevator-1-1", rides);
            assertThat(checks)
                    .hasSizeGreaterThanOrEqualTo(7)
                    .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());

            String health = get(http + "/health");
            assertThat(JSON.readTree(health).path("simulatedClock").path("mode").asText())
                    .isEqualTo("simulated, now following the system clock");
            demo.awaitOutput(Pattern.compile("DEMO READY"), Duration.ofSeconds(30));
            Matcher m = SUMMARY.matcher(demo.awaitOutput(
                    Pattern.compile("(summary: [^\\n]*\\n[^\\n]*summary: [^\\n]*)"), Duration.ofSeconds(30)));
            assertThat(m.find()).isTrue();
            assertThat(Long.parseLong(m.group(2))).as("grants so far").isPositive();
            assertThat(Files.readString(state.resolve("month-2026-10.played"))).contains("2026-10 played");

            demo.process().destroy();
            assertThat(demo.awaitExit(Duration.ofSeconds(60))).as(demo.output()).isZero();
        }
    }

    /** demo.yaml with each fixed port replaced by a free one, so parallel builds never collide. */
    private Path configOnFreePorts() throws IOException {
        String text = Files.readString(Repository.file("config/demo.yaml"));
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String p : PORTS) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                String replaced = text.replace(p, Integer.toString(s.getLocalPort()));
                assertThat(replaced).as("port " + p + " in demo.yaml").isNotEqualTo(text);
                text = replaced;
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, text.replace("dir: ../.demo-state", "dir: state"));
        return file;
    }

    /** The port a listener of {@code config} was given. */
    private static int port(Path config, String listener) throws IOException {
        Matcher m = Pattern.compile("(?m)^  " + listener + ": \\{bind: 127.0.0.1, port: (\\d+)\\}")
                .matcher(Files.readString(config));
        assertThat(m.find()).as(listener + " listener in " + config).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }
}

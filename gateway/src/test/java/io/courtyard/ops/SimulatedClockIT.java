package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.ProjectFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code courtyard run --simulated-clock}: a rehearsal site's gateway process runs on it, says so loudly
 * and in {@code /health}; a real site's refuses to start with it.
 */
class SimulatedClockIT {
    private static final Pattern READY_HTTP = Pattern.compile("READY .* http=(http://\\S+/) ");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    @Timeout(120)
    void aRehearsalGatewayRunsOnTheSimulatedClockAndSaysSo() throws Exception {
        Path config = ProjectFiles.demoConfigOnFreePorts(dir, "tcp://127.0.0.1:" + Mosquitto.freePort());
        try (ChildProcess gw = ChildProcess.start(
                ChildProcess.gatewayCommand(
                        "run",
                        "--config",
                        config.toString(),
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--simulated-clock",
                        "2026-10-01T00:00:00Z",
                        "--clock-speed",
                        "3600"),
                dir,
                dir.resolve("gw.log"))) {
            String base = gw.awaitOutput(READY_HTTP, Duration.ofSeconds(60));
            assertThat(gw.output())
                    .contains("SIMULATED CLOCK: site demo-court runs on a simulated clock starting 2026-10-01T");
            JsonNode first = health(base).path("simulatedClock");
            assertThat(first.path("mode").asText()).isEqualTo("simulated at 3600.0x real time");
            Thread.sleep(1_000);
            Instant a = Instant.parse(first.path("now").asText());
            Instant b = Instant.parse(
                    health(base).path("simulatedClock").path("now").asText());
            assertThat(a).isBetween(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-03T00:00:00Z"));
            assertThat(Duration.between(a, b))
                    .as("a second of real time is an hour of it")
                    .isGreaterThan(Duration.ofMinutes(50));
            gw.process().destroy();
            assertThat(gw.awaitExit(Duration.ofSeconds(30))).isZero();
        }
    }

    @Test
    @Timeout(60)
    void aRealSiteRefusesTheSimulatedClockAndStartsNothing() throws Exception {
        Path demo = ProjectFiles.demoConfigOnFreePorts(dir, "tcp://127.0.0.1:" + Mosquitto.freePort());
        Path real = ProjectFiles.write(
                dir.resolve("real.yaml"), Files.readString(demo).replace("  simulation: true\n", ""));
        try (ChildProcess gw = ChildProcess.start(
                ChildProcess.gatewayCommand(
                        "run",
                        "--config",
                        real.toString(),
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--simulated-clock",
                        "2026-10-01T00:00:00Z"),
                dir,
                dir.resolve("gw.log"))) {
            assertThat(gw.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(gw.output()).contains("site.simulation: not true, so --simulated-clock is refused");
            assertThat(dir.resolve("state").resolve("courtyard.db")).doesNotExist();
        }
    }

    private static JsonNode health(String base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(base + "health")).build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }
}

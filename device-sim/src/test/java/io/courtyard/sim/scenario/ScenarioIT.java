package io.courtyard.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.sim.SimMain;
import io.courtyard.sim.testsupport.Repository;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Each named scenario, short version, exactly as {@code courtyard-sim scenario NAME --short} runs it
 * on the demo site: a real gateway process, the emulators, the platform broker. A scenario passes
 * only when the command exits 0 with every check PASS (month-bill: two simulated days played by the
 * demo's own process, see {@code MonthBill}). trapped-passenger waits out the gateway's
 * shortest rescue target (1 min), so it runs beside the others instead of after them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ScenarioIT {
    /** A finished run: exit code and everything it printed. */
    private record Run(int exit, String report) {}

    /** Static: made before {@code @BeforeAll}, where trapped-passenger starts. */
    @TempDir
    static Path dir;

    private CompletableFuture<Run> trapped;

    @BeforeAll
    void startTrappedPassengerAlongside() {
        trapped = CompletableFuture.supplyAsync(() -> run("trapped-passenger"));
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "resident-day",
                "visitor-flow",
                "parking-full",
                "uplink-outage",
                "gateway-crash",
                "revocation",
                "attack",
                "month-bill"
            })
    void shortScenarioPassesEveryCheckAgainstARealGatewayProcess(String name) {
        assertPassed(name, run(name));
    }

    @Order(2)
    @Test
    void trappedPassengerPassesEveryCheckAgainstARealGatewayProcess() throws Exception {
        assertPassed("trapped-passenger", trapped.get(200, TimeUnit.SECONDS));
    }

    private Run run(String name) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path work;
        try {
            work = Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int exit = new CommandLine(new SimMain())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(
                        "scenario",
                        name,
                        "--short",
                        "--config",
                        Repository.file("config/demo.yaml").toString(),
                        "--work-dir",
                        work.toString());
        return new Run(exit, out + "\n" + err);
    }

    private static void assertPassed(String name, Run run) {
        assertThat(run.report()).as(run.report()).doesNotContain("FAIL ").contains("PASSED " + name);
        assertThat(run.report().lines().filter(l -> l.startsWith("PASS ")).count())
                .as("checks made")
                .isGreaterThanOrEqualTo(5);
        assertThat(run.exit()).as(run.report()).isZero();
    }
}

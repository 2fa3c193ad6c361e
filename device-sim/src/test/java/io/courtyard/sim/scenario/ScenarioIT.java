package io.courtyard.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.sim.SimMain;
import io.courtyard.sim.testsupport.Repository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Each named scenario, short version, exactly as {@code courtyard-sim scenario NAME --short} runs it
 * on the demo site: a real gateway process, the emulators, the platform broker. It passes only when
 * the command exits 0 with every check PASS.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ScenarioIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resident-day"})
    void shortScenarioPassesEveryCheckAgainstARealGatewayProcess(String name) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
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
                        dir.toString());
        String report = out + "\n" + err;
        assertThat(report).as(report).doesNotContain("FAIL ").contains("PASSED " + name);
        assertThat(report.lines().filter(l -> l.startsWith("PASS ")).count())
                .as("checks made")
                .isGreaterThanOrEqualTo(5);
        assertThat(exit).as(report).isZero();
    }
}

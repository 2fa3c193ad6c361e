package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.runtime.SimulatedClock;
import io.courtyard.testsupport.ProjectFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code courtyard run --simulated-clock}: only a simulation site gets one; a real one is told why. */
class RunClockOptionsTest {
    private final StringWriter err = new StringWriter();

    private int run(Assembly assembly, String... args) {
        CommandLine cli = Main.commandLine(assembly);
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void aRealSiteRefusesTheOptionBeforeAnythingIsAssembled(@TempDir Path dir) throws Exception {
        Path real = dir.resolve("real.yaml");
        Files.writeString(
                real, ProjectFiles.read(ProjectFiles.config("demo.yaml")).replace("  simulation: true\n", ""));
        int code = run(
                CliTest.NO_GATEWAY, "run", "--config", real.toString(), "--simulated-clock", "2026-10-01T00:00:00Z");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("site.simulation: not true, so --simulated-clock is refused");
    }

    @Test
    void aSpeedWithoutASimulatedClockIsAMistake() {
        int code = run(
                CliTest.NO_GATEWAY,
                "run",
                "--config",
                ProjectFiles.config("demo.yaml").toString(),
                "--clock-speed",
                "60");
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--clock-speed: needs --simulated-clock");
    }

    @Test
    void aSimulationSiteIsAssembledOnTheSimulatedClockAtItsStartAndSpeed() {
        AtomicReference<Clock> given = new AtomicReference<>();
        Assembly refuseToStart = (config, clock) -> {
            given.set(clock);
            return new Assembly.Running() {
                @Override
                public void start() {
                    throw new IllegalStateException("not started in this test");
                }

                @Override
                public void stop() {}
            };
        };
        int code = run(
                refuseToStart,
                "run",
                "--config",
                ProjectFiles.config("demo.yaml").toString(),
                "--simulated-clock",
                "2026-10-01T00:00:00Z",
                "--clock-speed",
                "60");
        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        assertThat(given.get()).isInstanceOf(SimulatedClock.class);
        SimulatedClock c = (SimulatedClock) given.get();
        assertThat(c.speed()).isEqualTo(60);
        assertThat(c.instant()).isBetween(Instant.parse("2026-10-01T00:00:00Z"), Instant.parse("2026-10-01T01:00:00Z"));
    }
}

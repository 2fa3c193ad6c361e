package io.courtyard.sim.scenario;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courtyard-sim scenario NAME}: one named scenario against the real gateway in a child
 * process, one PASS/FAIL line per check; exit 0 when every check passed, 1 when one failed, 2 for
 * bad usage.
 */
@Command(
        name = "scenario",
        mixinStandardHelpOptions = true,
        description = "Run a named scenario against a real gateway process and check what must happen.")
public final class ScenarioCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger("scenario");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The scenario (see --list).")
    String name;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(
            names = "--config",
            defaultValue = "config/demo.yaml",
            paramLabel = "FILE",
            description = "Site configuration to rehearse (default: ${DEFAULT-VALUE}); devices and the platform"
                    + " are emulated, ports and state are the run's own.")
    Path config;

    @Option(names = "--short", description = "The short version, as the test suite runs it.")
    boolean shortRun;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where the run keeps its configuration, state and logs (default: a new temporary directory).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            for (Scenarios.Entry e : Scenarios.all()) {
                out.printf(java.util.Locale.ROOT, "%-18s %s%n", e.name(), e.summary());
            }
            out.flush();
            return 0;
        }
        if (name == null) {
            err.println("scenario: name one (courtyard-sim scenario --list)");
            return 2;
        }
        Scenarios.Entry entry = Scenarios.named(name).orElse(null);
        if (entry == null) {
            err.println("scenario: no scenario '" + name + "'; courtyard-sim scenario --list shows them");
            return 2;
        }
        if (!Files.isRegularFile(config)) {
            err.println("scenario: no configuration file " + config.toAbsolutePath());
            return 2;
        }
        Path dir = workDir != null
                ? Files.createDirectories(workDir)
                : Files.createTempDirectory("courtyard-scenario-" + name + "-");
        Checks checks = new Checks(name, out);
        out.println("scenario " + name + (shortRun ? " (short)" : "") + ": " + entry.summary());
        out.println("  site " + config.toAbsolutePath() + ", work directory " + dir);
        out.flush();
        try {
            entry.runner().run(config, dir, checks, shortRun);
        } catch (io.courtyard.config.ConfigException e) {
            e.problems().forEach(err::println);
            return 2;
        } catch (Exception e) {
            log.error("scenario {} stopped: {}", name, e.toString(), e);
            checks.aborted("run", e);
        }
        out.printf(
                java.util.Locale.ROOT,
                "%s %s: %d checks, %d failed; logs and state in %s%n",
                checks.passed() ? "PASSED" : "FAILED",
                name,
                checks.results().size(),
                checks.failures(),
                dir);
        out.flush();
        return checks.passed() ? 0 : 1;
    }
}

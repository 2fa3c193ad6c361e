package io.courtyard.cli;

import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code courtyard check-config FILE}: validates a configuration without starting anything. */
@Command(
        name = "check-config",
        mixinStandardHelpOptions = true,
        description = "Validate a configuration file and report every problem with file:line:column.")
final class CheckConfigCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The gateway YAML configuration.")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            GatewayConfig c = ConfigLoader.load(file);
            var d = c.devices();
            out.printf(
                    java.util.Locale.ROOT,
                    "%s: OK: site %s (%s, %s): %d buildings, %d households; %d OSDP buses, %d gates, %d elevators, "
                            + "%d barriers, %d monitors%n",
                    file,
                    c.site().id(),
                    c.site().name(),
                    c.site().timeZone(),
                    c.site().buildings().size(),
                    c.site().households().size(),
                    d.osdpBuses().size(),
                    d.gates().size(),
                    d.elevators().size(),
                    d.barriers().size(),
                    d.monitors().size());
            return ExitCodes.OK;
        } catch (ConfigException e) {
            report(spec.commandLine().getErr(), e);
            return ExitCodes.USAGE;
        }
    }

    static void report(PrintWriter err, ConfigException e) {
        e.problems().forEach(err::println);
        err.printf(
                java.util.Locale.ROOT,
                "%d problem%s; nothing was started.%n",
                e.problems().size(),
                e.problems().size() == 1 ? "" : "s");
        err.flush();
    }
}

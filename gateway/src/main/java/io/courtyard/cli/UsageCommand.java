package io.courtyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.GatewayConfig;
import io.courtyard.usage.UsageApi;
import io.courtyard.usage.UsageQueries;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.YearMonth;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard usage --month}: rides per elevator, household, hour, day and floor; trips; traffic. */
@Command(
        name = "usage",
        mixinStandardHelpOptions = true,
        description = {"A month's usage (the same numbers as GET /api/usage): JSON, or CSV of rides per household."})
final class UsageCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM")
    YearMonth month;

    @Option(names = "--elevator", paramLabel = "ID")
    String elevator;

    @Option(names = "--format", defaultValue = "json", paramLabel = "json|csv")
    String format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        try (Connection c = CliSupport.reader(cfg, err)) {
            if (c == null) {
                return ExitCodes.FAILURE;
            }
            if (format.equals("csv")) {
                out.println("elevator,household,rides,floorsTravelled");
                for (var e : cfg.devices().elevators()) {
                    if (elevator != null && !elevator.equals(e.id())) {
                        continue;
                    }
                    var m = UsageQueries.elevatorMonth(
                            c, cfg.site().id(), cfg.site().timeZone(), month, e.id());
                    m.byHousehold()
                            .forEach((h, r) -> out.printf(
                                    Locale.ROOT,
                                    "%s,%s,%d,%d%n",
                                    e.id(),
                                    h.isEmpty() ? "none" : h,
                                    r.rides(),
                                    r.floorsTravelled()));
                }
            } else {
                out.println(new ObjectMapper()
                        .writerWithDefaultPrettyPrinter()
                        .writeValueAsString(UsageApi.report(c, cfg, month, elevator)));
            }
            return ExitCodes.OK;
        }
    }
}

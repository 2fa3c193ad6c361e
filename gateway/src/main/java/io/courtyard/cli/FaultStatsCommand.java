package io.courtyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.GatewayConfig;
import io.courtyard.faults.FaultQueries;
import io.courtyard.faults.FaultView;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard faults stats}: the crew's figures (as GET /api/faults/stats) and availability per elevator. */
@Command(
        name = "stats",
        mixinStandardHelpOptions = true,
        description = "Counts, MTTA, mean time to arrive, MTTR, availability.")
final class FaultStatsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(names = "--from", paramLabel = "INSTANT", description = "Default: 30 days before --to.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Default: now.")
    Instant to;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        Instant end = to == null ? Instant.now() : to;
        Instant start = from == null ? end.minus(Duration.ofDays(30)) : from;
        try (Connection c = CliSupport.reader(cfg, err)) {
            if (c == null) {
                return ExitCodes.FAILURE;
            }
            Map<String, Object> m = new LinkedHashMap<>(FaultView.stats(FaultQueries.stats(c, start, end)));
            Map<String, Object> availability = new LinkedHashMap<>();
            for (var e : cfg.devices().elevators()) {
                availability.put(e.id(), FaultQueries.availability(c, e.id(), start, end));
            }
            m.put("availability", availability);
            m.put("from", start.toString());
            m.put("to", end.toString());
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(m));
            return ExitCodes.OK;
        }
    }
}

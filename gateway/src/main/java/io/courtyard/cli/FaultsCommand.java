package io.courtyard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.GatewayConfig;
import io.courtyard.faults.Fault;
import io.courtyard.faults.FaultQueries;
import io.courtyard.faults.FaultView;
import io.courtyard.journal.event.FaultLifecycle.Severity;
import io.courtyard.journal.event.FaultLifecycle.State;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard faults}: the fault log on the box, as the crew sees it; changes in its subcommands. */
@Command(
        name = "faults",
        mixinStandardHelpOptions = true,
        subcommands = {
            FaultChangeCommand.Ack.class,
            FaultChangeCommand.Arrive.class,
            FaultChangeCommand.Clear.class,
            FaultChangeCommand.Close.class,
            FaultStatsCommand.class
        },
        description = {
            "List faults, newest first (the same list and numbers as GET /api/faults).",
            "Changes: faults ack|arrive|clear|close ID --by NAME; figures: faults stats."
        })
final class FaultsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Not the shared mixin: a required option here would be required before the subcommands too.
    @Option(names = "--config", paramLabel = "FILE", description = "The gateway YAML configuration (required).")
    java.nio.file.Path config;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Override state.dir from the configuration.")
    java.nio.file.Path stateDir;

    @Option(names = "--open", description = "Only faults not closed yet.")
    boolean open;

    @Option(names = "--device", paramLabel = "ID")
    String device;

    @Option(names = "--type", paramLabel = "TYPE")
    String type;

    @Option(names = "--severity", paramLabel = "critical|major|minor|info")
    String severity;

    @Option(names = "--state", paramLabel = "open|acknowledged|arrived|cleared|closed")
    String state;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description = "Raised at or after (ISO-8601, e.g. 2026-10-01T00:00:00Z).")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Raised before.")
    Instant to;

    @Option(names = "--page", defaultValue = "0")
    int page;

    @Option(names = "--size", defaultValue = "50")
    int size;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|csv|json")
    String format;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (config == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--config=FILE'");
        }
        GatewayConfig cfg = CliSupport.config(spec, config, stateDir);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        FaultQueries.Filter filter;
        try {
            filter = new FaultQueries.Filter(
                    device,
                    type,
                    severity == null ? null : Severity.valueOf(severity.toUpperCase(Locale.ROOT)),
                    state == null ? null : State.valueOf(state.toUpperCase(Locale.ROOT)),
                    from,
                    to,
                    open);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--severity or --state: " + e.getMessage());
        }
        try (Connection c = CliSupport.reader(cfg, err)) {
            if (c == null) {
                return ExitCodes.FAILURE;
            }
            FaultQueries.Page p = FaultQueries.list(c, filter, page, size);
            Instant now = Instant.now();
            List<Map<String, Object>> views = new ArrayList<>();
            p.faults().forEach(f -> views.add(FaultView.of(f, now)));
            switch (format) {
                case "json" -> out.println(new ObjectMapper()
                        .writeValueAsString(
                                Map.of("page", p.page(), "size", p.size(), "more", p.more(), "faults", views)));
                case "csv" -> {
                    out.println(String.join(",", FaultView.CSV_COLUMNS));
                    views.forEach(v -> out.println(FaultView.csvRow(v)));
                }
                default -> {
                    for (Fault f : p.faults()) {
                        out.println(line(f, now));
                    }
                    if (p.more()) {
                        out.printf(Locale.ROOT, "(more: --page %d)%n", page + 1);
                    }
                }
            }
            return ExitCodes.OK;
        }
    }

    /** One readable line: id, state, severity, device, type, raised, and the rescue clock when one runs. */
    static String line(Fault f, Instant now) {
        StringBuilder b = new StringBuilder(String.format(
                Locale.ROOT,
                "%-10s %-12s %-8s %-22s %-24s raised %s",
                f.id(),
                lower(f.state()),
                lower(f.severity()),
                f.device(),
                f.type(),
                f.raisedAt()));
        if (f.ackBy() != null) {
            b.append(" ack ").append(f.ackBy());
        }
        if (f.flaps() > 0) {
            b.append(" flaps ").append(f.flaps());
        }
        if (f.rescueRunning()) {
            long left = java.time.Duration.between(now, f.rescueDeadline()).toMinutes();
            b.append(left >= 0 ? " RESCUE: " + left + " min left" : " RESCUE OVERDUE by " + -left + " min");
        }
        return b.toString();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}

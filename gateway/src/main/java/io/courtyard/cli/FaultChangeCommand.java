package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import io.courtyard.faults.FaultActions;
import io.courtyard.faults.FaultException;
import io.courtyard.faults.FaultTypes;
import io.courtyard.http.auth.LocalToken;
import io.courtyard.journal.event.FaultLifecycle.Outcome;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courtyard faults ack|arrive|clear|close ID --by NAME}: with the gateway running, through its
 * API on loopback with the gateway's local token (the same checks and the same journal); with it stopped, journaled here and
 * applied by the fault projection when the gateway starts.
 */
abstract class FaultChangeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "ID", description = "The fault, e.g. f-81442.")
    String id;

    @Option(names = "--by", required = true, paramLabel = "NAME", description = "Who makes the change.")
    String by;

    @Option(names = "--note", paramLabel = "TEXT")
    String note;

    abstract String action();

    String extraQuery() {
        return "";
    }

    abstract void offline(FaultActions actions, java.sql.Connection c) throws Exception;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        try (OfflineJournal j = OfflineJournal.open(cfg)) {
            if (j == null) {
                return online(cfg, out, err);
            }
            FaultActions actions = new FaultActions(
                    j.journal()::append, new FaultTypes(cfg.faults(), cfg.devices()), Clock.systemUTC());
            try {
                offline(actions, j.connection());
            } catch (FaultException e) {
                err.println(e.getMessage());
                return ExitCodes.FAILURE;
            }
            out.printf(Locale.ROOT, "%s %s: journaled; the gateway applies it when it starts%n", action(), id);
            return ExitCodes.OK;
        }
    }

    private int online(GatewayConfig cfg, PrintWriter out, PrintWriter err) throws Exception {
        var listener = cfg.listeners().http();
        if (!listener.enabled()) {
            err.println("the gateway is running and its operator listener is disabled: nowhere to send the change");
            return ExitCodes.FAILURE;
        }
        String q = "by=" + enc(by) + (note == null ? "" : "&note=" + enc(note)) + extraQuery();
        URI uri =
                URI.create("http://127.0.0.1:" + listener.port() + "/api/faults/" + enc(id) + "/" + action() + "?" + q);
        // The running gateway wrote its local token into the state directory; only its user can read it.
        String token = LocalToken.read(cfg.state().dir());
        if (token == null) {
            err.println(cfg.state().dir().resolve(LocalToken.FILE)
                    + ": missing; is the gateway running with this state directory, and may this user read it?");
            return ExitCodes.FAILURE;
        }
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(20))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
            out.println(r.body());
            return ExitCodes.OK;
        }
        err.print(r.statusCode() + ": " + r.body());
        err.flush();
        return ExitCodes.FAILURE;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @CommandLine.Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge a fault.")
    static final class Ack extends FaultChangeCommand {
        @Override
        String action() {
            return "ack";
        }

        @Override
        void offline(FaultActions a, java.sql.Connection c) throws Exception {
            a.acknowledge(c, id, by, note).get(30, TimeUnit.SECONDS);
        }
    }

    @CommandLine.Command(name = "arrive", mixinStandardHelpOptions = true, description = "The crew is on site.")
    static final class Arrive extends FaultChangeCommand {
        @Override
        String action() {
            return "arrive";
        }

        @Override
        void offline(FaultActions a, java.sql.Connection c) throws Exception {
            a.arrive(c, id, by, note).get(30, TimeUnit.SECONDS);
        }
    }

    @CommandLine.Command(name = "clear", mixinStandardHelpOptions = true, description = "The fault is gone.")
    static final class Clear extends FaultChangeCommand {
        @Override
        String action() {
            return "clear";
        }

        @Override
        void offline(FaultActions a, java.sql.Connection c) throws Exception {
            a.clear(c, id, by, note).get(30, TimeUnit.SECONDS);
        }
    }

    @CommandLine.Command(
            name = "close",
            mixinStandardHelpOptions = true,
            description = "Close with an outcome and a repair note.")
    static final class Close extends FaultChangeCommand {
        @Option(
                names = "--outcome",
                defaultValue = "repaired",
                paramLabel = "repaired|recovered|false-alarm|self-released")
        String outcome;

        @Override
        String action() {
            return "close";
        }

        @Override
        String extraQuery() {
            return "&outcome=" + enc(outcome);
        }

        @Override
        void offline(FaultActions a, java.sql.Connection c) throws Exception {
            Outcome o;
            try {
                o = Outcome.valueOf(outcome.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--outcome: " + outcome);
            }
            a.close(c, id, by, o, note).get(30, TimeUnit.SECONDS);
        }
    }
}

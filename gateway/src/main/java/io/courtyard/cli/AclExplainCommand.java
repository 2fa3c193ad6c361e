package io.courtyard.cli;

import io.courtyard.access.AccessEngine;
import io.courtyard.access.AccessList;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.AccessState;
import io.courtyard.access.AccessStateStore;
import io.courtyard.access.Actuation;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Decision;
import io.courtyard.access.SiteLayout;
import io.courtyard.acl.AclStore;
import io.courtyard.config.GatewayConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courtyard acl explain}: the decision the gateway would make, its reason and the rule that
 * produced it, read from the stored list and state; it actuates nothing and changes nothing.
 */
@Command(
        name = "explain",
        mixinStandardHelpOptions = true,
        description = {
            "Explain the decision for a credential at a device: decision, reason and the rule behind it.",
            "Reads the stored list and state (uses, anti-passback, emergency); actuates and changes nothing."
        })
final class AclExplainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(
            names = "--credential",
            required = true,
            paramLabel = "KEY",
            description = "card:FORMAT/FACILITY/NUMBER, raw:BITS/HEX, plate:..., or code:...")
    String credential;

    @Option(names = "--device", required = true, paramLabel = "ID", description = "A gate, elevator or barrier id.")
    String device;

    @Option(names = "--pin", paramLabel = "PIN", description = "The PIN, for devices that ask for one.")
    String pin;

    @Option(
            names = "--at",
            paramLabel = "TIME",
            description = "When: an instant (2026-03-02T02:00:00Z) or a local time in the site's zone"
                    + " (2026-03-02T10:00); default now.")
    String at;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        CredentialKey key;
        try {
            key = CredentialKey.parse(credential);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--credential: " + e.getMessage());
        }
        Instant when = when(cfg);
        try (Connection c = CliSupport.reader(cfg, spec.commandLine().getErr())) {
            if (c == null) {
                return ExitCodes.FAILURE;
            }
            AccessList list = AclStore.load(c);
            AccessState state = new AccessState();
            AccessStateStore.load(c, cfg.site().id(), state);
            AccessEngine engine = new AccessEngine(AccessSnapshot.build(list, SiteLayout.of(cfg)), state);
            Decision d = engine.explain(new AccessRequest(device, key, pin, when));
            out.printf(Locale.ROOT, "decision:   %s%n", d.granted() ? "GRANT" : "DENY");
            out.printf(
                    Locale.ROOT,
                    "reason:     %s (%s)%n",
                    d.reason().code(),
                    d.reason().description());
            out.printf(Locale.ROOT, "rule:       %s%n", d.rule());
            out.printf(
                    Locale.ROOT,
                    "credential: %s at %s, %s (%s)%n",
                    key.masked(),
                    device,
                    when,
                    when.atZone(cfg.site().timeZone()).toLocalDateTime());
            if (d.subject() != null) {
                out.printf(
                        Locale.ROOT,
                        "matched:    %s%s%s%n",
                        d.subject(),
                        d.holder() == null ? "" : ", holder " + d.holder() + " (" + d.holderKind() + ")",
                        d.household() == null ? "" : ", household " + d.household());
            }
            out.printf(Locale.ROOT, "would:      %s (nothing was actuated)%n", actuation(d.actuation()));
            out.printf(
                    Locale.ROOT,
                    "list:       version %d; emergency %s%n",
                    d.aclVersion(),
                    state.emergency().active().isEmpty()
                            ? "none"
                            : state.emergency().active().keySet());
            return ExitCodes.OK;
        }
    }

    private Instant when(GatewayConfig cfg) {
        if (at == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(at).atZone(cfg.site().timeZone()).toInstant();
            } catch (DateTimeParseException e2) {
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--at: expected 2026-03-02T02:00:00Z or 2026-03-02T10:00, found " + at);
            }
        }
    }

    private static String actuation(Actuation a) {
        if (a instanceof Actuation.Pulse p) {
            return "pulse the strike for " + p.length().toMillis() + " ms";
        }
        if (a instanceof Actuation.Floors f) {
            return "enable floors " + f.floors() + " (outputs " + f.outputs() + ") for "
                    + f.enableFor().toSeconds() + " s";
        }
        if (a instanceof Actuation.RaiseBarrier) {
            return "raise the barrier";
        }
        return "nothing";
    }
}

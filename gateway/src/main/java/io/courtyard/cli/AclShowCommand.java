package io.courtyard.cli;

import io.courtyard.access.AccessList;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.PinHash;
import io.courtyard.access.SiteLayout;
import io.courtyard.acl.AclStore;
import io.courtyard.config.GatewayConfig;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code courtyard acl show}: the stored list's version and counts, and masked lookups. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Show the stored access list: version, times, counts, dangling references.",
            "With --credential, what each credential is (printed masked, never in full)."
        })
final class AclShowCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(
            names = "--credential",
            paramLabel = "KEY",
            description = "A credential to look up: card:FORMAT/FACILITY/NUMBER, raw:BITS/HEX, plate:..., code:...")
    List<String> credentials = List.of();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        List<CredentialKey> keys;
        try {
            keys = credentials.stream().map(CredentialKey::parse).toList();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--credential: " + e.getMessage());
        }
        try (Connection c = CliSupport.reader(cfg, err)) {
            if (c == null) {
                return ExitCodes.FAILURE;
            }
            long t0 = System.nanoTime();
            AccessList list = AclStore.load(c);
            AccessSnapshot snap = AccessSnapshot.build(list, SiteLayout.of(cfg));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Instant applied = AclStore.appliedAt(c);
            out.printf(Locale.ROOT, "site:      %s%n", cfg.site().id());
            out.printf(
                    Locale.ROOT,
                    "version:   %d%s%n",
                    list.version(),
                    list.version() == 0 ? " (no list applied: every request is denied)" : "");
            if (list.version() > 0) {
                out.printf(Locale.ROOT, "issued:    %s%n", list.issuedAt());
                out.printf(Locale.ROOT, "applied:   %s%n", applied);
                out.printf(Locale.ROOT, "digest:    %s%n", AclStore.digest(c));
            }
            out.printf(Locale.ROOT, "entries:   %s%n", list.counts());
            out.printf(Locale.ROOT, "loaded:    in %d ms%n", ms);
            out.printf(Locale.ROOT, "pins:      %s%n", pins(list, cfg));
            if (snap.danglingReferences() > 0) {
                out.printf(Locale.ROOT, "dangling:  %d, e.g.%n", snap.danglingReferences());
                snap.warnings().forEach(w -> out.printf(Locale.ROOT, "           %s%n", w));
            }
            for (CredentialKey k : keys) {
                out.printf(Locale.ROOT, "%s: %s%n", k.masked(), Lookup.describe(list, k));
            }
            return ExitCodes.OK;
        }
    }

    /** How the list's PINs are held: keyed with which key, or unkeyed (format 1, recoverable). */
    private static String pins(AccessList list, GatewayConfig cfg) {
        java.util.Map<String, Integer> keyed = new java.util.TreeMap<>();
        int unkeyed = 0;
        for (var h : list.holders().values()) {
            if (h.pinHash() == null) {
                continue;
            }
            if (PinHash.keyed(h.pinHash())) {
                keyed.merge(PinHash.keyId(h.pinHash()), 1, Integer::sum);
            } else {
                unkeyed++;
            }
        }
        if (keyed.isEmpty() && unkeyed == 0) {
            return "none";
        }
        String mine = cfg.acl().pinKey().map(k -> k.id()).orElse("no acl.pinKeyFile");
        StringBuilder sb = new StringBuilder();
        keyed.forEach((id, n) -> sb.append(n)
                .append(" keyed with ")
                .append(id)
                .append(id.equals(mine) ? " (this gateway's key)" : " (NOT this gateway's key: " + mine + ")")
                .append("; "));
        if (unkeyed > 0) {
            sb.append(unkeyed).append(" unkeyed (format 1: recoverable from the list); ");
        }
        return sb.substring(0, sb.length() - 2);
    }
}

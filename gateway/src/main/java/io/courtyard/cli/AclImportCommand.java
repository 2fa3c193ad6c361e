package io.courtyard.cli;

import io.courtyard.access.AccessList;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.SiteLayout;
import io.courtyard.acl.AclMetrics;
import io.courtyard.acl.AclStore;
import io.courtyard.acl.AclUpdater;
import io.courtyard.acl.SignedBundle;
import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.Journal;
import io.courtyard.store.Database;
import io.courtyard.store.StateLockedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code courtyard acl import FILE}: verifies a signed bundle (from a USB stick, when the uplink is
 * down) and applies it to the gateway's store with the same checks as the MQTT sync. Works with the
 * gateway stopped (the import is journaled) or running (the gateway installs the stored list
 * within a second and journals it).
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Verify a signed access-list bundle with acl.publicKey and apply it to the state database.",
            "Safe beside a running gateway, which enforces the new list within a second."
        })
final class AclImportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The signed bundle (acl sign writes one).")
    Path file;

    @CommandLine.Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        if (cfg.acl().publicKey().isEmpty()) {
            err.println(options.config
                    + ": acl.publicKey (or acl.publicKeyFile) is not configured; nothing can be verified");
            return ExitCodes.USAGE;
        }
        if (!Files.isRegularFile(file) || Files.size(file) > SignedBundle.MAX_BYTES) {
            err.println(file + ": no such file, or larger than " + SignedBundle.MAX_BYTES + " bytes");
            return ExitCodes.USAGE;
        }
        byte[] bytes = Files.readAllBytes(file);
        Database db = new Database(cfg.state().dir(), cfg.journal().synchronous());
        boolean exclusive;
        try {
            db.start();
            exclusive = true;
        } catch (StateLockedException e) {
            exclusive = false;
        }
        Journal journal = null;
        try (Connection conn = db.connect()) {
            EventSink events = d -> CompletableFuture.completedFuture(null);
            if (exclusive) {
                // A tool's journal: it appends the import's event and never purges (it does not know
                // which events the gateway's sinks still owe upstream).
                journal = Journal.forTool(db, cfg.site().id(), cfg.journal(), new SimpleMeterRegistry());
                journal.start();
                events = journal::append;
            }
            AclUpdater updater = new AclUpdater(
                    cfg.site().id(),
                    cfg.acl(),
                    conn,
                    new OfflineTarget(AclStore.load(conn), SiteLayout.of(cfg)),
                    events,
                    AclMetrics.detached(),
                    Clock.systemUTC());
            AclUpdater.Result r = updater.apply(bytes, "file:" + file.getFileName());
            return switch (r.outcome()) {
                case APPLIED -> {
                    out.printf(
                            Locale.ROOT,
                            "%s: applied %s to %s%s%n",
                            file,
                            r.message().summary(),
                            cfg.state().database(),
                            exclusive ? "" : " (the running gateway enforces it within a second)");
                    yield ExitCodes.OK;
                }
                case DUPLICATE -> {
                    out.printf(Locale.ROOT, "%s: version %d is already applied%n", file, r.version());
                    yield ExitCodes.OK;
                }
                case REFUSED -> {
                    err.printf(
                            Locale.ROOT,
                            "%s: refused (%s): %s; version %d stays in force%n",
                            file,
                            r.refusal().tag(),
                            r.detail(),
                            r.version());
                    yield ExitCodes.FAILURE;
                }
            };
        } catch (SQLException e) {
            err.println(cfg.state().database() + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            if (journal != null) {
                journal.stop();
            }
            if (exclusive) {
                db.stop();
            }
        }
    }

    /** The updater's target without a running engine: the stored list, validated against this site. */
    private static final class OfflineTarget implements AclUpdater.Target {
        private final SiteLayout site;
        private AccessList current;

        OfflineTarget(AccessList current, SiteLayout site) {
            this.current = current;
            this.site = site;
        }

        @Override
        public AccessList current() {
            return current;
        }

        @Override
        public AccessSnapshot prepare(AccessList list) {
            return AccessSnapshot.build(list, site);
        }

        @Override
        public void install(AccessSnapshot snapshot) {
            current = snapshot.list();
        }
    }
}

package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.Epochs;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.GatewayRestored;
import io.courtyard.store.Backup;
import io.courtyard.store.BackupInfo;
import io.courtyard.store.Restore;
import io.courtyard.store.SchemaException;
import io.courtyard.store.StateLock;
import io.courtyard.store.StateLockedException;
import io.courtyard.store.StateOwner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code courtyard restore FILE}: replaces the state database with a checked backup while the
 * gateway is stopped. The restored database continues under a new instance id, announced by a
 * {@code restored} event, so no event id is ever given out twice (README, "Backup and restore").
 */
@Command(
        name = "restore",
        mixinStandardHelpOptions = true,
        description = {
            "Replace the state database with a backup, with the gateway stopped. The backup must pass"
                    + " integrity_check, belong to this site and have a schema this release can run (an older one"
                    + " is migrated). The database it replaces is kept in before-restore-TIME/.",
            "Events continue under a new instance id, from the seq after the backup's last one (or after"
                    + " --seq-floor), so upstream never sees one id twice."
        })
final class RestoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A backup written by `courtyard backup`.")
    Path file;

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(
            names = "--site",
            paramLabel = "ID",
            description = "Confirm the site of a backup that records none (one not made by `courtyard backup`).")
    String site;

    @Option(
            names = "--seq-floor",
            paramLabel = "N",
            description = "Continue sequence numbers above N (e.g. the last seq the platform saw from this site).")
    long seqFloor;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        BackupInfo b;
        try {
            b = Backup.inspect(file);
            Backup.requireRestorable(b);
        } catch (Backup.Unusable | SchemaException e) {
            err.println(e.getMessage() + "; nothing was changed.");
            return ExitCodes.FAILURE;
        }
        String wrongSite = wrongSite(b, cfg.site().id());
        if (wrongSite != null) {
            err.println(wrongSite + "; nothing was changed.");
            return ExitCodes.USAGE;
        }
        StateLock lock;
        try {
            lock = StateLock.acquire(cfg.state().dir());
        } catch (StateLockedException e) {
            err.println(cfg.state().dir() + ": a gateway is running on this state directory; stop it first"
                    + " (systemctl stop courtyard-gateway); nothing was changed.");
            return ExitCodes.FAILURE;
        }
        Path aside;
        try {
            aside = Restore.install(file, lock);
        } catch (Exception e) {
            lock.close();
            err.println(cfg.state().database() + ": restore failed before the database was replaced: " + e);
            return ExitCodes.FAILURE;
        }
        try (CliSupport.Offline state = CliSupport.Offline.open(cfg, lock)) {
            Epochs.Restart r;
            try (Connection c = state.database().connect()) {
                r = Epochs.restart(c, seqFloor);
            }
            JournalEvent restored = state.journal().append(event(b, r)).get(30, TimeUnit.SECONDS);
            out.printf(
                    Locale.ROOT,
                    "%s: restored to %s (site %s, schema version %d%s, taken %s); journal through seq %d;"
                            + " events continue as instance %s from seq %d (was %s)%s.%n",
                    file,
                    cfg.state().database(),
                    cfg.site().id(),
                    b.schema(),
                    b.schema() == state.database().schemaVersion()
                            ? ""
                            : " migrated to " + state.database().schemaVersion(),
                    b.takenAt() == null ? "at an unknown time" : b.takenAt().toString(),
                    r.lastSeq(),
                    r.idPart(),
                    restored.seq(),
                    r.previousIdPart(),
                    aside == null ? "" : "; the previous database is in " + aside);
            return ExitCodes.OK;
        } catch (Exception e) {
            err.println(cfg.state().database() + ": the backup is in place but could not be opened: " + e
                    + (aside == null ? "" : "; the previous database is in " + aside));
            return ExitCodes.FAILURE;
        } finally {
            StateOwner.adopt(cfg.state().dir());
        }
    }

    /** Why the backup may not be restored on this site, or null. */
    private String wrongSite(BackupInfo b, String configured) {
        if (b.site() == null) {
            if (site == null) {
                return file + ": records no site (it was not made by `courtyard backup`); if it is a backup of site "
                        + configured + ", confirm with --site " + configured;
            }
            return site.equals(configured)
                    ? null
                    : "--site " + site + " does not match site " + configured + " of " + options.config;
        }
        return b.site().equals(configured)
                ? null
                : file + ": a backup of site " + b.site() + ", but " + options.config + " is site " + configured;
    }

    /** The new instance's first event: how upstream learns that the box was restored, and from what. */
    private static EventDraft event(BackupInfo b, Epochs.Restart r) {
        return EventDraft.at(
                "gateway",
                Instant.now(),
                new GatewayRestored(r.idPart(), r.previousIdPart(), r.lastSeq(), b.takenAt(), b.release()));
    }
}

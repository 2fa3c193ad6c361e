package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import io.courtyard.runtime.Version;
import io.courtyard.store.Backup;
import io.courtyard.store.BackupInfo;
import io.courtyard.store.StateOwner;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code courtyard backup FILE}: a consistent copy of the state database, taken while the gateway runs. */
@Command(
        name = "backup",
        mixinStandardHelpOptions = true,
        description = {
            "Write a consistent copy of the state database to FILE (SQLite's online backup), safe while the"
                    + " gateway runs. FILE must not exist; it is private (0600): it holds personal data.",
            "Restore it with `courtyard restore FILE`."
        })
final class BackupCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Where to write the backup.")
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
        long t0 = System.nanoTime();
        try {
            BackupInfo b = Backup.take(cfg.state().database(), file, cfg.site().id(), Version.current());
            out.printf(
                    Locale.ROOT,
                    "%s: backup of site %s: schema version %d, instance %s, journal through seq %d (%d events kept),"
                            + " %s, integrity ok, in %d ms%n",
                    file,
                    b.site(),
                    b.schema(),
                    b.instance().substring(0, 8),
                    b.lastSeq(),
                    b.events(),
                    b.bytes() < 1 << 20
                            ? String.format(Locale.ROOT, "%d KiB", b.bytes() >> 10)
                            : String.format(Locale.ROOT, "%.1f MiB", b.bytes() / 1048576.0),
                    (System.nanoTime() - t0) / 1_000_000);
            return ExitCodes.OK;
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        } catch (Exception e) {
            err.println(file + ": backup failed: " + e.getMessage());
            return ExitCodes.FAILURE;
        } finally {
            // A read-only connection beside a stopped gateway leaves -shm/-wal files: not root's to keep.
            if (Files.isDirectory(cfg.state().dir())) {
                StateOwner.adopt(cfg.state().dir());
            }
        }
    }
}

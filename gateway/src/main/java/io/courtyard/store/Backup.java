package io.courtyard.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * Backup files of the state database: an online copy made with SQLite's backup API while the
 * gateway keeps writing, and the checks a file must pass before anyone restores it.
 */
public final class Backup {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private Backup() {}

    /** A file that is not a usable backup; the message names the file and what is wrong. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        public Unusable(String message) {
            super(message);
        }
    }

    /**
     * Copies {@code database} to {@code target} (which must not exist) in one read transaction, so
     * the copy is one consistent state however busy the writer is; then stamps the copy with {@code
     * site}, the time and {@code release}, switches it out of WAL mode (one self-contained file) and
     * checks it. The copy is written beside the target, private (0600) and fsynced, and renamed into
     * place only when whole.
     */
    public static BackupInfo take(Path database, Path target, String site, String release)
            throws IOException, SQLException, Unusable {
        if (!Files.isRegularFile(database)) {
            throw new NoSuchFileException(database + ": no database; has the gateway run with this state directory?");
        }
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target + ": exists; a backup never overwrites a file");
        }
        Path part = target.toAbsolutePath().resolveSibling("." + target.getFileName() + ".part");
        Files.deleteIfExists(part);
        Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            SQLiteConfig source = new SQLiteConfig();
            source.setReadOnly(true);
            source.setBusyTimeout(10_000);
            try (Connection src = source.createConnection("jdbc:sqlite:" + database)) {
                // All pages in one step: one read transaction, so a concurrent commit cannot restart it.
                int rc = ((SQLiteConnection) src).getDatabase().backup("main", part.toString(), null, 100, 100, -1);
                if (rc != 0) {
                    throw new SQLException(database + ": the backup stopped with SQLite result code " + rc);
                }
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + part)) {
                try (Statement st = c.createStatement();
                        ResultSet mode = st.executeQuery("PRAGMA journal_mode=DELETE")) {
                    mode.next();
                }
                if (version(c) >= 1) {
                    stamp(c, "backup.site", site);
                    stamp(c, "backup.taken_at", Instant.now().toString());
                    stamp(c, "backup.release", release);
                }
            }
            BackupInfo checked = inspect(part);
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            Restore.fsyncDirectory(target.toAbsolutePath().getParent());
            return new BackupInfo(
                    target,
                    checked.site(),
                    checked.schema(),
                    checked.instance(),
                    checked.lastSeq(),
                    checked.events(),
                    checked.takenAt(),
                    checked.release(),
                    checked.bytes());
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /**
     * Reads a backup without changing it (opened immutable: no journal or lock files appear beside
     * it, and read-only media work): whole SQLite file, {@code integrity_check} ok, a gateway's
     * schema, its facts. Whether this gateway can run its schema is {@link #requireRestorable}'s.
     */
    public static BackupInfo inspect(Path file) throws Unusable {
        if (!Files.isRegularFile(file)) {
            throw new Unusable(file + ": no such file");
        }
        try {
            if (!Arrays.equals(header(file), MAGIC)) {
                throw new Unusable(file + ": not an SQLite database");
            }
            Path wal = file.resolveSibling(file.getFileName() + "-wal");
            if (Files.exists(wal) && Files.size(wal) > 0) {
                throw new Unusable(file + ": its write-ahead log " + wal + " lies beside it, so this is a live"
                        + " database, not a backup; make one with `courtyard backup` and restore that");
            }
            SQLiteConfig ro = new SQLiteConfig();
            ro.setReadOnly(true);
            try (Connection c = ro.createConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1")) {
                List<String> problems = integrity(c);
                if (!problems.equals(List.of("ok"))) {
                    throw new Unusable(file + ": integrity_check failed: "
                            + String.join("; ", problems.subList(0, Math.min(3, problems.size())))
                            + (problems.size() > 3 ? "; ..." : ""));
                }
                int schema = version(c);
                String instance = schema >= 1 ? meta(c, "instance") : null;
                if (instance == null) {
                    throw new Unusable(
                            file + ": not a Courtyard database (schema version " + schema + ", no instance id)");
                }
                String site = meta(c, "backup.site");
                String takenAt = meta(c, "backup.taken_at");
                return new BackupInfo(
                        file,
                        site,
                        schema,
                        instance,
                        schema >= 2 ? lastSeq(c) : 0,
                        schema >= 2 ? count(c) : 0,
                        takenAt == null ? null : Instant.parse(takenAt),
                        meta(c, "backup.release"),
                        Files.size(file));
            }
        } catch (IOException | SQLException | RuntimeException e) {
            throw new Unusable(file + ": cannot be read as a backup: " + e.getMessage());
        }
    }

    /** Refuses a backup whose schema this release cannot run (written by a newer Courtyard). */
    public static void requireRestorable(BackupInfo info) throws SchemaException {
        if (info.schema() > Migrations.latest()) {
            throw new SchemaException(info.file() + ": schema version " + info.schema()
                    + " is newer than this gateway knows (" + Migrations.latest() + "); it was written by a newer"
                    + " Courtyard" + (info.release() == null ? "" : " (" + info.release() + ")")
                    + ". Restore it with that version or a later one.");
        }
    }

    private static byte[] header(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(MAGIC.length);
        }
    }

    private static List<String> integrity(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int version(Connection c) throws SQLException {
        return Migrations.version(c);
    }

    private static String meta(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long lastSeq(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(CAST(value AS INTEGER)) FROM (SELECT value FROM meta"
                        + " WHERE key = 'journal.last_seq' UNION ALL SELECT MAX(seq) FROM events)")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void stamp(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}

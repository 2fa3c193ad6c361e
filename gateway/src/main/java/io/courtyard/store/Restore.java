package io.courtyard.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Puts a checked backup in place as the state database, under the state lock: the database that
 * was there is moved aside whole (with its WAL), never deleted.
 */
public final class Restore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private Restore() {}

    /**
     * Installs {@code backup} as {@code courtyard.db} in the locked directory and returns where the
     * previous database went (null when there was none). The copy is fsynced before the rename, so
     * a power cut leaves either the old database or the whole new one.
     */
    public static Path install(Path backup, StateLock lock) throws IOException {
        Path dir = lock.dir();
        Path db = dir.resolve("courtyard.db");
        Path part = dir.resolve(".courtyard.db.restore");
        Files.deleteIfExists(part);
        Files.createFile(part, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            // Into the private file created above: Files.copy would recreate it with the backup's mode.
            try (FileChannel in = FileChannel.open(backup, StandardOpenOption.READ);
                    FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    done += in.transferTo(done, size - done, out);
                }
                out.force(true);
            }
            Path aside = null;
            if (Files.exists(db)) {
                aside = dir.resolve("before-restore-" + STAMP.format(LocalDateTime.now(ZoneOffset.UTC)));
                Files.createDirectory(aside);
                for (String name : List.of("courtyard.db", "courtyard.db-wal", "courtyard.db-shm")) {
                    Path f = dir.resolve(name);
                    if (Files.exists(f)) {
                        Files.move(f, aside.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
            Files.move(part, db, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(dir);
            return aside;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** Makes a rename in {@code dir} durable. */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}

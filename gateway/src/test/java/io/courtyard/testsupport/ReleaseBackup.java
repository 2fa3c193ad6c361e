package io.courtyard.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The backup that release 0.1.0's {@code courtyard backup} wrote ({@code fixtures/backup-0.1.0}, see its README). */
public final class ReleaseBackup {
    public static final String SITE = "demo-court";
    public static final int SCHEMA = 3;
    /** The first 8 characters of its instance id: the middle part of its events' ids. */
    public static final String INSTANCE = "cef6f6c2";
    /** Its events: seq 1..9, none forwarded. */
    public static final int EVENTS = 9;

    private ReleaseBackup() {}

    /** A copy of the backup file at {@code target}. */
    public static Path copyTo(Path target) {
        try (InputStream in = ReleaseBackup.class.getResourceAsStream("/fixtures/backup-0.1.0/courtyard-backup.db")) {
            if (in == null) {
                throw new IllegalStateException(
                        "fixtures/backup-0.1.0/courtyard-backup.db is missing from the test resources");
            }
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

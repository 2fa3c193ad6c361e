package io.courtyard.store;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What a backup file holds, read from it: the site it belongs to ({@code null} when the file was
 * not made by {@code courtyard backup}), its schema version, the database instance, the journal's
 * last sequence number, the events it keeps, when it was taken and by which release.
 */
public record BackupInfo(
        Path file,
        String site,
        int schema,
        String instance,
        long lastSeq,
        long events,
        Instant takenAt,
        String release,
        long bytes) {}

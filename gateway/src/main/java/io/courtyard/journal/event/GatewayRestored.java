package io.courtyard.journal.event;

import java.time.Instant;

/**
 * The database was restored from a backup: the new instance's first event, how upstream learns
 * that the box was restored, and from what. Its seqs continue after the backup's last.
 *
 * @param instance the new instance's id part (the 8 characters in event ids)
 * @param previousInstance the id part of the instance that wrote the backup
 * @param backupSeq the backup's last seq
 * @param backupTakenAt when the backup was taken, when it says
 * @param backupRelease the release that took it, when it says
 */
@Constant(name = "state", value = "restored", tag = true)
public record GatewayRestored(
        String instance,
        String previousInstance,
        long backupSeq,
        @Nullable Instant backupTakenAt,
        @Nullable String backupRelease)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

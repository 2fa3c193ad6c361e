package io.courtyard.config;

import java.time.Duration;

/**
 * Durability and retention of the event journal.
 *
 * @param synchronous FULL survives power loss; NORMAL (WAL) may lose the last commits on power loss
 *     but never corrupts the database
 * @param batchWindow a batch closes this long after its first event was appended
 * @param accessWindow ... or this long after its first access decision was appended, if sooner:
 *     someone waits at a gate or a barrier for each
 * @param realtimeWriter whether the writer thread takes real-time scheduling (SCHED_FIFO 1)
 */
public record JournalConfig(
        Synchronous synchronous,
        int batchMaxEvents,
        Duration batchWindow,
        Duration accessWindow,
        long quotaBytes,
        Duration retention,
        RealtimeWriter realtimeWriter) {

    /** One window for every event; {@link RealtimeWriter#AUTO}. */
    public JournalConfig(
            Synchronous synchronous, int batchMaxEvents, Duration batchWindow, long quotaBytes, Duration retention) {
        this(synchronous, batchMaxEvents, batchWindow, batchWindow, quotaBytes, retention, RealtimeWriter.AUTO);
    }

    /** When the journal writer takes real-time scheduling. */
    public enum RealtimeWriter {
        /** Where the system grants it: RLIMIT_RTPRIO of at least 1 (the systemd unit's LimitRTPRIO=1). */
        AUTO,
        /** Always tried (root has CAP_SYS_NICE); a refusal is logged and the writer runs on. */
        ON,
        /** Never. */
        OFF
    }

    /** SQLite {@code PRAGMA synchronous} levels the journal supports. */
    public enum Synchronous {
        FULL,
        NORMAL
    }
}

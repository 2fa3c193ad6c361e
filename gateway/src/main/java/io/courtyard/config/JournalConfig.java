package io.courtyard.config;

import java.time.Duration;

/**
 * Durability and retention of the event journal.
 *
 * @param synchronous FULL survives power loss; NORMAL (WAL) may lose the last commits on power loss
 *     but never corrupts the database
 */
public record JournalConfig(
        Synchronous synchronous, int batchMaxEvents, Duration batchWindow, long quotaBytes, Duration retention) {

    /** SQLite {@code PRAGMA synchronous} levels the journal supports. */
    public enum Synchronous {
        FULL,
        NORMAL
    }
}

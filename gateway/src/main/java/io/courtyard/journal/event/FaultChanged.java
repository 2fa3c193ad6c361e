package io.courtyard.journal.event;

import java.time.Instant;

/**
 * A fault of an elevator raised once its debounce passed, cleared, or gone again within its
 * debounce (transient); the device is the monitor, the time the change's.
 *
 * @param fault the fault type's id, {@code unknown} for a code the table does not map
 * @param severity the type's severity, {@code unknown} for an unmapped code
 * @param name the type's English name
 * @param nameZh the type's Chinese name
 * @param raisedAt when the fault was first reported; absent for a clear that matched no raise
 * @param debounceMs the debounce the fault was held to (raised, transient)
 * @param durationMs how long it lasted (cleared, transient)
 * @param unmatched a clear for which no raise was known
 */
public record FaultChanged(
        @Tag String fault,
        @Tag State state,
        @Tag String elevator,
        String code,
        String table,
        int tableVersion,
        @Tag String severity,
        @Nullable String name,
        @Nullable String nameZh,
        @Nullable Instant raisedAt,
        @Nullable Long debounceMs,
        @Nullable Long durationMs,
        @Nullable Boolean unmatched)
        implements Event {

    public enum State {
        RAISED,
        CLEARED,
        TRANSIENT
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

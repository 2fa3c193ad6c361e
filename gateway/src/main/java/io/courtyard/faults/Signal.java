package io.courtyard.faults;

import io.courtyard.journal.event.FaultLifecycle;
import java.time.Instant;

/** What one journal event means for the fault log. */
sealed interface Signal {
    /**
     * A device or the gateway reports a fault of {@code type} present.
     *
     * @param severity the severity the device's vocabulary gives, or null for the gateway's default
     */
    record Raise(String device, String type, String elevator, String severity, Instant at) implements Signal {
        Raise(String device, String type, String elevator, Instant at) {
            this(device, type, elevator, null, at);
        }
    }

    /** A fault of {@code type} is gone. */
    record Clear(String device, String type, Instant at) implements Signal {}

    /** A raise that went away within its debounce: recorded, never opened. */
    record Transient(String device, String type, Instant at) implements Signal {}

    /** A change made by an operator or the rescue watch, to apply. */
    record Action(String device, FaultLifecycle change, Instant at) implements Signal {}

    /** A change this room derived itself and journaled: already applied. */
    record Echo(FaultLifecycle change) implements Signal {}
}

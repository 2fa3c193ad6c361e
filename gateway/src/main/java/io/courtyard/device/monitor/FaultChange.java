package io.courtyard.device.monitor;

import io.courtyard.config.FaultCatalog.FaultType;
import java.time.Duration;
import java.time.Instant;

/**
 * What the debouncer concluded from a monitor's fault codes; {@code type} is null for a code the
 * monitor's table does not know (kept as such, never dropped).
 */
sealed interface FaultChange {
    String code();

    FaultType type();

    /** When this happened, in the monitor's clock. */
    Instant at();

    /** A fault held through its debounce (or one without a debounce): a fault now. */
    record Raised(String code, FaultType type, Instant raisedAt, Instant at, Duration debounce)
            implements FaultChange {}

    /**
     * A raised fault is gone; {@code raisedAt} is null when the gateway did not see it raised (it was
     * raised before a restart of the gateway, say).
     */
    record Cleared(String code, FaultType type, Instant raisedAt, Instant at) implements FaultChange {}

    /** A code that cleared within its debounce: recorded, not a fault. */
    record Transient(String code, FaultType type, Instant raisedAt, Instant at, Duration debounce)
            implements FaultChange {}

    /** A service event began (inspection, fire return...), or ended. */
    record Service(String code, FaultType type, boolean started, Instant at) implements FaultChange {}
}

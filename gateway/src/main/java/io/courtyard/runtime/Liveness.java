package io.courtyard.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * A component that can tell whether its threads still make progress, for the systemd watchdog:
 * the gateway pings only while every component answers empty.
 */
@FunctionalInterface
public interface Liveness {
    /** Why the component is stuck (a thread busy or silent for longer than {@code limit}), or empty while it is alive. */
    Optional<String> stalled(Duration limit);
}

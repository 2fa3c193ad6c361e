package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import java.time.Clock;

/**
 * Builds the running gateway for {@code courtyard run}. The entry point in {@code ops} supplies it,
 * so the command line parses and checks while only the assembly room knows every other room.
 */
@FunctionalInterface
public interface Assembly {
    /** {@code clock}: the system clock, or a simulated one the assembly admits only on a simulation site. */
    Running assemble(GatewayConfig config, Clock clock);

    /** An assembled gateway: started once, stopped once (from the signal hook). */
    interface Running {
        void start() throws Exception;

        void stop();
    }
}

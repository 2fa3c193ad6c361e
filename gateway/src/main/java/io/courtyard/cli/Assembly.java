package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;

/**
 * Builds the running gateway for {@code courtyard run}. The entry point in {@code ops} supplies it,
 * so the command line parses and checks while only the assembly room knows every other room.
 */
@FunctionalInterface
public interface Assembly {
    Running assemble(GatewayConfig config);

    /** An assembled gateway: started once, stopped once (from the signal hook). */
    interface Running {
        void start() throws Exception;

        void stop();
    }
}

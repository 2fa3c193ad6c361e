package io.courtyard.device.drivers;

import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.bus.CommandResult;
import io.courtyard.device.osdp.bus.OsdpBuses;
import java.util.concurrent.CompletableFuture;

/**
 * How the drivers actuate a PD: {@link OsdpBuses#send(PdRef, Command)} in the gateway, a recorder in
 * tests. The future completes once the PD answered or the command could not be sent, never
 * exceptionally.
 */
@FunctionalInterface
public interface PdCommands {
    CompletableFuture<CommandResult> send(PdRef pd, Command command);
}

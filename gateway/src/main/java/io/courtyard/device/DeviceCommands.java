package io.courtyard.device;

import io.courtyard.command.CommandHandlers;
import io.courtyard.command.CommandType;
import io.courtyard.command.Outcome;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.drivers.Drivers;
import io.courtyard.device.osdp.bus.CommandResult;
import io.courtyard.device.osdp.bus.OsdpBuses;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OSDP side of the remote commands: opening a gate once, restarting a bus's connection, and
 * starting a PD over. OSDP 2.2 has no reset or reboot command (osdp_MFG is vendor-defined, and
 * unknown bytes sent to another model may do anything), so {@code device-reset} makes the control
 * panel forget the PD and run discovery again: identification, capabilities, a new Secure Channel
 * session, the tamper and input states, the permanent outputs (a fire hold) sent again. A PD that
 * needs a power cycle needs its supply on a relay.
 */
public final class DeviceCommands {
    /** How long a restart waits for the bus to connect, or the PD to come online, again. */
    static final Duration RESTART_WAIT = Duration.ofSeconds(10);

    public static final String OFFLINE = "offline";
    public static final String TIMEOUT = "timeout";
    public static final String DEVICE_REFUSED = "device-refused";
    public static final String BUSY = "busy";

    private DeviceCommands() {}

    static void register(CommandHandlers handlers, DevicesConfig config, Drivers drivers, OsdpBuses osdp) {
        for (Gate g : config.gates()) {
            handlers.register(CommandType.OPEN, g.id(), c -> drivers.open(g.id()));
        }
        for (OsdpBus b : config.osdpBuses()) {
            handlers.register(
                    CommandType.BUS_RESTART,
                    b.id(),
                    c -> waited(osdp.restart(b.id()), "bus " + b.id() + " connected again"));
            for (OsdpDevice d : b.devices()) {
                PdRef ref = new PdRef(b.id(), d.address());
                handlers.register(
                        CommandType.DEVICE_RESET,
                        d.id(),
                        c -> waited(osdp.rediscover(ref, "remote command " + c.nonce()), d.id() + " online again"));
            }
        }
    }

    private static CompletableFuture<Outcome> waited(CompletableFuture<Void> f, String done) {
        return f.orTimeout(RESTART_WAIT.toMillis(), TimeUnit.MILLISECONDS).handle((ok, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause == null) {
                return Outcome.done(done);
            }
            return cause instanceof TimeoutException
                    ? Outcome.failed(
                            TIMEOUT, "restarted, but not " + done + " within " + RESTART_WAIT.toSeconds() + " s")
                    : Outcome.failed(OFFLINE, cause.getMessage());
        });
    }

    /** An actuation's outcome from the PD's answer. */
    public static Outcome outcome(CommandResult r, String done) {
        return switch (r.status()) {
            case ACKED -> Outcome.done(done);
            case NAKED -> Outcome.failed(DEVICE_REFUSED, r.detail());
            case TIMED_OUT -> Outcome.failed(TIMEOUT, r.detail());
            case OFFLINE, UNKNOWN_DEVICE, STOPPED -> Outcome.failed(OFFLINE, r.detail());
            case QUEUE_FULL, REFUSED -> Outcome.failed(BUSY, r.detail());
        };
    }
}

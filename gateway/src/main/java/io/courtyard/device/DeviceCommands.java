package io.courtyard.device;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.command.Command;
import io.courtyard.command.CommandHandlers;
import io.courtyard.command.CommandType;
import io.courtyard.command.Outcome;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.drivers.Drivers;
import io.courtyard.device.lpr.Displays;
import io.courtyard.device.lpr.LprService;
import io.courtyard.device.lpr.isapi.BarrierGateClient;
import io.courtyard.device.mqtt.DeviceMqttServer;
import io.courtyard.device.osdp.bus.CommandResult;
import io.courtyard.device.osdp.bus.OsdpBuses;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The device side of the remote commands: opening a gate or a barrier once, restarting an OSDP
 * bus's connection, starting a PD over, and asking an elevator monitor for its status. OSDP 2.2 has no reset or reboot command (osdp_MFG is vendor-defined, and
 * unknown bytes sent to another model may do anything), so {@code device-reset} makes the control
 * panel forget the PD and run discovery again: identification, capabilities, a new Secure Channel
 * session, the tamper and input states, the permanent outputs (a fire hold) sent again. A PD that
 * needs a power cycle needs its supply on a relay.
 */
public final class DeviceCommands {
    /** How long a restart waits for the bus to connect, or the PD to come online, again. */
    static final Duration RESTART_WAIT = Duration.ofSeconds(10);

    /** How long a display message stays when the command names no {@code seconds}. */
    static final int DISPLAY_SECONDS = 10;

    public static final String OFFLINE = "offline";
    public static final String TIMEOUT = "timeout";
    public static final String DEVICE_REFUSED = "device-refused";
    public static final String BUSY = "busy";
    /** A command this device cannot carry out (a barrier its camera opens only on a read). */
    public static final String UNSUPPORTED = "unsupported";
    /** The monitor's subtopic of a status request. */
    static final String STATUS = "status";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceCommands() {}

    static void register(
            CommandHandlers handlers,
            DevicesConfig config,
            Drivers drivers,
            OsdpBuses osdp,
            LprService lpr,
            Optional<DeviceMqttServer> mqtt) {
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
        for (Barrier b : config.barriers()) {
            handlers.register(CommandType.OPEN, b.id(), c -> openBarrier(lpr, b, c));
            handlers.register(CommandType.DISPLAY, b.id(), c -> display(lpr, b, c));
        }
        for (Monitor m : config.monitors()) {
            handlers.register(CommandType.MONITOR_STATUS, m.id(), c -> askStatus(mqtt, m.id(), c));
        }
    }

    /**
     * A barrier opens remotely only where the gateway can move it itself (ISAPI barrierGate); the
     * others' cameras open only in answer to a read, so the command is refused, never faked.
     */
    private static CompletableFuture<Outcome> openBarrier(LprService lpr, Barrier b, Command c) {
        CompletableFuture<BarrierGateClient.Result> opened = lpr.open(b.id(), "command " + c.nonce());
        if (opened == null) {
            return CompletableFuture.completedFuture(Outcome.refused(
                    UNSUPPORTED,
                    "barrier " + b.id() + "'s camera opens it only in answer to a read (no isapi configured)"));
        }
        return opened.thenApply(r -> {
            if (r.ok()) {
                return Outcome.done("barrier " + b.id() + " opened");
            }
            return r.status() == 0
                    ? Outcome.failed(OFFLINE, "barrier " + b.id() + ": " + r.detail())
                    : Outcome.failed(DEVICE_REFUSED, "barrier " + b.id() + ": status " + r.status() + " " + r.detail());
        });
    }

    /**
     * A message on the barrier's LED/voice display, sent in the answer to its (Vzenith) camera's next
     * heartbeat: done once that answer is written; refused where the camera cannot pass it on.
     */
    private static CompletableFuture<Outcome> display(LprService lpr, Barrier b, Command c) {
        CompletableFuture<Displays.Shown> shown =
                lpr.display(b.id(), c.required("text"), (int) c.number("seconds", DISPLAY_SECONDS), c.nonce());
        if (shown == null) {
            return CompletableFuture.completedFuture(
                    Outcome.refused(UNSUPPORTED, "barrier " + b.id() + " has no camera to pass a message on"));
        }
        return shown.thenApply(s -> switch (s.kind()) {
            case SENT -> Outcome.done(s.detail());
            case REFUSED -> Outcome.refused(s.reason(), s.detail());
            case FAILED -> Outcome.failed(s.reason(), s.detail());
        });
    }

    /**
     * Publishes a status request to the monitor ({@code devices/{id}/cmd/status}, QoS 1, nothing
     * queued while it is away); done once a connection acknowledged it. The status it sends back is
     * journaled as every status is.
     */
    private static CompletableFuture<Outcome> askStatus(Optional<DeviceMqttServer> mqtt, String monitor, Command c) {
        if (mqtt.isEmpty()) {
            return CompletableFuture.completedFuture(
                    Outcome.refused(UNSUPPORTED, "the device MQTT listener is disabled: no monitor can be asked"));
        }
        String payload = JSON.createObjectNode()
                .put("command", STATUS)
                .put("nonce", c.nonce())
                .put("issuedAt", c.issuedAt().toString())
                .toString();
        return mqtt.get().command(monitor, STATUS, payload, 1).handle((n, e) -> {
            if (e != null) {
                return Outcome.failed(OFFLINE, monitor + ": " + e.getMessage());
            }
            return n > 0
                    ? Outcome.done("status asked of " + monitor + " (" + n + " connection" + (n == 1 ? ")" : "s)"))
                    : Outcome.failed(
                            OFFLINE,
                            monitor + " is not connected, or not subscribed to devices/" + monitor + "/cmd/" + STATUS);
        });
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

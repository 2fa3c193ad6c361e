package io.courtyard.device;

import io.courtyard.access.AccessService;
import io.courtyard.command.CommandHandlers;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.ListenersConfig;
import io.courtyard.device.drivers.Drivers;
import io.courtyard.device.lpr.CameraListener;
import io.courtyard.device.lpr.LprService;
import io.courtyard.device.monitor.Monitors;
import io.courtyard.device.monitor.RecentCards;
import io.courtyard.device.mqtt.DeviceMqttServer;
import io.courtyard.device.osdp.bus.DeviceJournal;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.device.osdp.bus.PollerOptions;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The device room assembled for one configuration: the gate and elevator drivers and the OSDP buses
 * that feed them, the elevator monitors and the device MQTT listener they connect to, the plate
 * cameras' service and listener. {@link #services()} is their start order: the drivers first (they
 * take over the emergency modes in force and listen to the buses), then the monitors, the buses,
 * the camera service (it rebuilds the answered reads from the journal) and last the listeners (MQTT,
 * cameras), so no report or message reaches a part that has not started, none is lost to one that
 * has stopped, and no push is answered before a repeat of it can be recognised.
 * Every decision goes through {@link RecentCards} on its way back to the drivers: a trapped-passenger
 * alarm names the last card presentations in the car.
 */
public final class Devices {
    private final DevicesConfig config;
    private final OsdpBuses osdp;
    private final Drivers drivers;
    private final Monitors monitors;
    private final Optional<DeviceMqttServer> mqtt;
    private final LprService lpr;
    private final Optional<CameraListener> cameras;
    private final ClockSkew clocks;

    private Devices(
            DevicesConfig config,
            OsdpBuses osdp,
            Drivers drivers,
            Monitors monitors,
            Optional<DeviceMqttServer> mqtt,
            LprService lpr,
            Optional<CameraListener> cameras,
            ClockSkew clocks) {
        this.config = config;
        this.osdp = osdp;
        this.drivers = drivers;
        this.monitors = monitors;
        this.mqtt = mqtt;
        this.lpr = lpr;
        this.cameras = cameras;
        this.clocks = clocks;
    }

    /**
     * The device room of {@code gateway}: its decisions go through {@code access} (the drivers through
     * {@link AccessService#decideDurably}, which waits only for a limited pass's entry to be durable;
     * the cameras through {@link AccessService#decidePlate}), its events to {@code journal}.
     */
    public static Devices create(
            GatewayConfig gateway,
            EventLoops loops,
            AccessService access,
            Journal journal,
            Database db,
            MeterRegistry registry,
            Clock clock) {
        DevicesConfig config = gateway.devices();
        ListenersConfig listeners = gateway.listeners();
        RecentCards cards =
                new RecentCards(config.elevators().stream().map(e -> e.id()).toList());
        OsdpBuses osdp = new OsdpBuses(config.osdpBuses(), loops, registry, PollerOptions.DEFAULTS, clock);
        Drivers drivers = new Drivers(
                config,
                cards.around(access::decideDurably),
                access::emergencies,
                osdp::send,
                journal::append,
                registry,
                clock);
        osdp.listen(new DeviceJournal(journal, clock)).listen(drivers);
        ClockSkew clocks = new ClockSkew(gateway.site().deviceClockSkewLimit(), registry, journal::append);
        Monitors monitors = new Monitors(config, journal::append, cards, clocks, registry, clock);
        Optional<DeviceMqttServer> mqtt =
                listeners.deviceMqtt().enabled() && !config.monitors().isEmpty()
                        ? Optional.of(new DeviceMqttServer(
                                listeners.deviceMqtt(),
                                listeners.deviceMqttOptions(),
                                config.monitors(),
                                monitors,
                                loops,
                                registry,
                                clock))
                        : Optional.empty();
        LprService lpr = new LprService(
                config.barriers(),
                access,
                journal::append,
                clocks,
                db,
                gateway.state().dir(),
                registry,
                clock);
        Optional<CameraListener> cameras = listeners.cameras().enabled()
                ? Optional.of(new CameraListener(listeners.cameras(), lpr, loops, registry, clock))
                : Optional.empty();
        return new Devices(config, osdp, drivers, monitors, mqtt, lpr, cameras, clocks);
    }

    /** Registers the device room's remote commands: open a gate or barrier, restart a bus, start a PD over, ask a monitor. */
    public void registerCommands(CommandHandlers handlers) {
        DeviceCommands.register(handlers, config, drivers, osdp, lpr, mqtt);
    }

    public List<Service> services() {
        List<Service> s = new ArrayList<>(List.of(drivers, monitors, osdp, lpr));
        mqtt.ifPresent(s::add);
        cameras.ifPresent(s::add);
        return s;
    }

    /** The camera listener, when {@code listeners.cameras} is enabled. */
    public Optional<CameraListener> cameras() {
        return cameras;
    }

    /** Each camera's and monitor's clock against the gateway's. */
    public ClockSkew clocks() {
        return clocks;
    }

    public OsdpBuses osdp() {
        return osdp;
    }

    /** Every OSDP device, monitor and plate camera, and whether it is online now: the dashboard's overview. */
    public List<Presence> presence() {
        List<Presence> out = new ArrayList<>();
        osdp.health().forEach(h -> out.add(new Presence(h.device(), "osdp", h.online())));
        monitors.online().forEach((id, online) -> out.add(new Presence(id, "monitor", online)));
        lpr.cameraPresence().forEach((barrier, online) -> out.add(new Presence(barrier, "camera", online)));
        return out;
    }

    /**
     * One device's presence: {@code kind} is {@code osdp} (readers, relay boards), {@code monitor}
     * or {@code camera} (a barrier's plate camera, by the barrier's id).
     */
    public record Presence(String device, String kind, boolean online) {}

    /** The device MQTT listener, when enabled and some device may log in to it. */
    public Optional<DeviceMqttServer> mqtt() {
        return mqtt;
    }
}

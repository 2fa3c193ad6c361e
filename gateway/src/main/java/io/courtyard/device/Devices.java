package io.courtyard.device;

import io.courtyard.access.AccessService;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.drivers.Drivers;
import io.courtyard.device.lpr.CameraListener;
import io.courtyard.device.lpr.LprService;
import io.courtyard.device.osdp.bus.DeviceJournal;
import io.courtyard.device.osdp.bus.OsdpBuses;
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
 * that feed them, the plate cameras' service and listener. {@link #services()} is their start
 * order: the drivers first (they take over the emergency modes in force and listen to the buses),
 * then the buses, so no report reaches a driver that has not started and none is lost to one that
 * has stopped; then the camera service (it rebuilds the answered reads from the journal) before the
 * camera listener, so no push is answered before a repeat of it can be recognised.
 */
public final class Devices {
    private final OsdpBuses osdp;
    private final Drivers drivers;
    private final LprService lpr;
    private final Optional<CameraListener> cameras;

    private Devices(OsdpBuses osdp, Drivers drivers, LprService lpr, Optional<CameraListener> cameras) {
        this.osdp = osdp;
        this.drivers = drivers;
        this.lpr = lpr;
        this.cameras = cameras;
    }

    /**
     * The device room of {@code config}: its decisions go through {@code access} (the drivers through
     * {@link AccessService#decideDurably}, which waits only for a limited pass's entry to be durable;
     * the cameras through {@link AccessService#decidePlate}), its events to {@code journal}.
     */
    public static Devices create(
            GatewayConfig config,
            EventLoops loops,
            AccessService access,
            Journal journal,
            Database db,
            MeterRegistry registry,
            Clock clock) {
        DevicesConfig devices = config.devices();
        OsdpBuses osdp = new OsdpBuses(devices.osdpBuses(), loops, registry);
        Drivers drivers = new Drivers(
                devices, access::decideDurably, access::emergencies, osdp::send, journal::append, registry, clock);
        osdp.listen(new DeviceJournal(journal, clock)).listen(drivers);
        LprService lpr = new LprService(
                devices.barriers(), access, journal::append, db, config.state().dir(), registry, clock);
        Optional<CameraListener> cameras = config.listeners().cameras().enabled()
                ? Optional.of(new CameraListener(config.listeners().cameras(), lpr, loops, registry, clock))
                : Optional.empty();
        return new Devices(osdp, drivers, lpr, cameras);
    }

    public List<Service> services() {
        List<Service> s = new ArrayList<>(List.of(drivers, osdp, lpr));
        cameras.ifPresent(s::add);
        return s;
    }

    /** The camera listener, when {@code listeners.cameras} is enabled. */
    public Optional<CameraListener> cameras() {
        return cameras;
    }

    public OsdpBuses osdp() {
        return osdp;
    }
}

package io.courtyard.device;

import io.courtyard.access.Emergencies;
import io.courtyard.config.DevicesConfig;
import io.courtyard.device.drivers.Drivers;
import io.courtyard.device.osdp.bus.DeviceJournal;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * The device room assembled for one configuration: the gate and elevator drivers and the OSDP buses
 * that feed them. {@link #services()} is their start order: the drivers first (they take over the
 * emergency modes in force and listen to the buses), then the buses, so no report reaches a driver
 * that has not started and none is lost to one that has stopped.
 */
public final class Devices {
    private final OsdpBuses osdp;
    private final Drivers drivers;

    private Devices(OsdpBuses osdp, Drivers drivers) {
        this.osdp = osdp;
        this.drivers = drivers;
    }

    /**
     * @param decider decides from memory, journaling every decision (the access service); waits only for a limited pass's entry to be durable
     * @param emergencies the access service's emergency modes, asked for when the drivers start
     */
    public static Devices create(
            DevicesConfig config,
            EventLoops loops,
            Decider decider,
            Supplier<Emergencies> emergencies,
            Journal journal,
            MeterRegistry registry,
            Clock clock) {
        OsdpBuses osdp = new OsdpBuses(config.osdpBuses(), loops, registry);
        Drivers drivers = new Drivers(config, decider, emergencies, osdp::send, journal::append, registry, clock);
        osdp.listen(new DeviceJournal(journal, clock)).listen(drivers);
        return new Devices(osdp, drivers);
    }

    public List<Service> services() {
        return List.of(drivers, osdp);
    }

    public OsdpBuses osdp() {
        return osdp;
    }
}

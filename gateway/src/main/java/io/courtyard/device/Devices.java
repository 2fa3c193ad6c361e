package io.courtyard.device;

import io.courtyard.access.Emergencies;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.ListenersConfig;
import io.courtyard.device.drivers.Drivers;
import io.courtyard.device.monitor.Monitors;
import io.courtyard.device.monitor.RecentCards;
import io.courtyard.device.mqtt.DeviceMqttServer;
import io.courtyard.device.osdp.bus.DeviceJournal;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The device room assembled for one configuration: the gate and elevator drivers and the OSDP buses
 * that feed them, the elevator monitors and the device MQTT listener they connect to.
 * {@link #services()} is their start order: the drivers first (they take over the emergency modes
 * in force and listen to the buses), then the monitors, the buses, and last the MQTT listener, so no
 * report or message reaches a part that has not started and none is lost to one that has stopped.
 * Every decision goes through {@link RecentCards} on its way back to the drivers: a trapped-passenger
 * alarm names the last card presentations in the car.
 */
public final class Devices {
    private final OsdpBuses osdp;
    private final Drivers drivers;
    private final Monitors monitors;
    private final Optional<DeviceMqttServer> mqtt;

    private Devices(OsdpBuses osdp, Drivers drivers, Monitors monitors, Optional<DeviceMqttServer> mqtt) {
        this.osdp = osdp;
        this.drivers = drivers;
        this.monitors = monitors;
        this.mqtt = mqtt;
    }

    /**
     * @param decider decides from memory, journaling every decision (the access service); waits only for a limited pass's entry to be durable
     * @param emergencies the access service's emergency modes, asked for when the drivers start
     */
    public static Devices create(
            DevicesConfig config,
            ListenersConfig listeners,
            EventLoops loops,
            Decider decider,
            Supplier<Emergencies> emergencies,
            Journal journal,
            MeterRegistry registry,
            Clock clock) {
        RecentCards cards =
                new RecentCards(config.elevators().stream().map(e -> e.id()).toList());
        OsdpBuses osdp = new OsdpBuses(config.osdpBuses(), loops, registry);
        Drivers drivers =
                new Drivers(config, cards.around(decider), emergencies, osdp::send, journal::append, registry, clock);
        osdp.listen(new DeviceJournal(journal, clock)).listen(drivers);
        Monitors monitors = new Monitors(config, journal::append, cards, registry, clock);
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
        return new Devices(osdp, drivers, monitors, mqtt);
    }

    public List<Service> services() {
        List<Service> s = new ArrayList<>(List.of(drivers, monitors, osdp));
        mqtt.ifPresent(s::add);
        return s;
    }

    public OsdpBuses osdp() {
        return osdp;
    }

    /** The device MQTT listener, when enabled and some device may log in to it. */
    public Optional<DeviceMqttServer> mqtt() {
        return mqtt;
    }
}

package io.courtyard.sim.load;

import io.courtyard.access.AccessList;
import io.courtyard.access.AccessService;
import io.courtyard.access.AccessStateStore;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.ClockSkew;
import io.courtyard.device.drivers.Drivers;
import io.courtyard.device.lpr.CameraListener;
import io.courtyard.device.lpr.LprService;
import io.courtyard.device.osdp.bus.DeviceJournal;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.journal.Journal;
import io.courtyard.ops.Lifecycle;
import io.courtyard.runtime.EventLoops;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The gateway side of a load run, wired as {@code ops.Gateway} wires it — database, journal, access
 * service, event loops, drivers, OSDP buses, in that order — minus the uplinks, the access-list
 * updater and the operator listener, which a card never touches. The access list comes straight
 * from memory instead of the store; the decisions, their journal events, the drivers and the
 * buses are the real ones. The latency probe listens first and carries the drivers' commands.
 */
final class LoadGateway implements AutoCloseable {
    private final Lifecycle lifecycle = new Lifecycle(Duration.ofSeconds(3));
    private final OsdpBuses buses;
    private final CameraListener cameras;

    LoadGateway(GatewayConfig config, AccessList list, int loopThreads, LatencyProbe probe, MeterRegistry registry)
            throws Exception {
        Clock clock = Clock.systemUTC();
        Database db = new Database(config.state().dir(), config.journal().synchronous());
        Journal journal = new Journal(db, config.site().id(), config.journal(), registry);
        AccessService access = new AccessService(
                config, db, journal::append, journal.source(AccessStateStore.SINK), () -> list, registry, clock);
        EventLoops loops = new EventLoops(loopThreads, registry);
        buses = new OsdpBuses(config.devices().osdpBuses(), loops, registry);
        Drivers drivers = new Drivers(
                config.devices(),
                access::decideDurably,
                access::emergencies,
                probe.around(buses::send),
                journal::append,
                registry,
                clock);
        buses.listen(probe).listen(new DeviceJournal(journal, clock)).listen(drivers);
        lifecycle.add(db).add(journal).add(access).add(loops).add(drivers).add(buses);
        if (config.listeners().cameras().enabled()) {
            // The camera room as the gateway wires it, with no camera configured: a flood's target.
            LprService lpr = new LprService(
                    config.devices().barriers(),
                    access,
                    journal::append,
                    new ClockSkew(config.site().deviceClockSkewLimit(), registry, journal::append),
                    db,
                    config.state().dir(),
                    registry,
                    clock);
            cameras = new CameraListener(config.listeners().cameras(), lpr, loops, registry, clock);
            lifecycle.add(lpr).add(cameras);
        } else {
            cameras = null;
        }
        lifecycle.start();
    }

    /** The camera listener's port; only in a flood run. */
    int cameraPort() {
        return cameras.port();
    }

    OsdpBuses buses() {
        return buses;
    }

    @Override
    public void close() {
        lifecycle.stop();
    }
}

package io.courtyard.sim.load;

import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.FaultCatalog;
import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.config.ListenersConfig;
import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.config.MonitoringConfig;
import io.courtyard.config.Secret;
import io.courtyard.device.ClockSkew;
import io.courtyard.device.monitor.Monitors;
import io.courtyard.device.monitor.RecentCards;
import io.courtyard.device.mqtt.DeviceMqttServer;
import io.courtyard.journal.Journal;
import io.courtyard.ops.Lifecycle;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.net.ListenerLimits;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway side of a monitor load run, wired as {@code device.Devices} wires it — database,
 * journal (synchronous FULL: every commit fsynced), event loops, the elevator monitors and the
 * device MQTT listener — minus the OSDP buses and the uplinks, which a monitor message never
 * touches. Every PUBACK the clients count went out only after its status was durable.
 */
final class MonitorLoadGateway implements AutoCloseable {
    static final String SECRET = "load-secret";

    private final Lifecycle lifecycle = new Lifecycle(Duration.ofSeconds(3));
    private final Journal journal;
    private final DeviceMqttServer server;

    MonitorLoadGateway(Path stateDir, int devices, int window, int loopThreads, MeterRegistry registry)
            throws Exception {
        Database db = new Database(stateDir, Synchronous.FULL);
        journal = new Journal(
                db,
                "load-court",
                new JournalConfig(Synchronous.FULL, 2000, Duration.ofMillis(5), 8L << 30, Duration.ofDays(90)),
                registry);
        List<Monitor> monitors = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            monitors.add(new Monitor(id(i), "elevator-1", id(i), new Secret(SECRET)));
        }
        Elevator lift = new Elevator(
                "elevator-1",
                "1",
                "1",
                new PdRef("none", 1),
                new PdRef("none", 1),
                Map.of(1, 0),
                Map.of(),
                List.of(1),
                Duration.ofSeconds(10),
                true);
        MonitoringConfig monitoring = new MonitoringConfig(
                Duration.ofHours(1), Duration.ofMinutes(5), Map.of(), FaultCatalog.builtIn(), Map.of());
        DevicesConfig config =
                new DevicesConfig(List.of(), List.of(), List.of(lift), List.of(), List.of(), monitors, monitoring);
        EventLoops loops = new EventLoops(loopThreads, registry);
        Monitors room = new Monitors(
                config,
                journal::append,
                new RecentCards(List.of("elevator-1")),
                new ClockSkew(Duration.ofMinutes(2), registry, journal::append),
                registry,
                Clock.systemUTC());
        // Every device from one address, as fast as its window allows: the per-address and per-connection
        // limits are lifted; the window is the MQTT 5 Receive Maximum the listener grants.
        server = new DeviceMqttServer(
                new ListenersConfig.Listener(
                        true,
                        "127.0.0.1",
                        0,
                        new ListenerLimits(
                                devices + 16, devices + 16, Duration.ZERO, Duration.ofSeconds(10), 256 << 10)),
                new DeviceMqtt(Optional.empty(), Math.max(window, 32), 1_000_000, 1_000_000, Duration.ofMinutes(5), 5),
                monitors,
                room,
                loops,
                registry,
                Clock.systemUTC());
        lifecycle.add(db).add(journal).add(loops).add(room).add(server);
        lifecycle.start();
    }

    static String id(int i) {
        return String.format(java.util.Locale.ROOT, "monitor-%04d", i);
    }

    int port() {
        return server.port();
    }

    long lastDurableSeq() {
        return journal.lastDurableSeq();
    }

    @Override
    public void close() {
        lifecycle.stop();
    }
}

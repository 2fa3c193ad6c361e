package io.courtyard.sim.testsupport;

import static org.awaitility.Awaitility.await;

import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.OsdpDevice;
import io.courtyard.config.DevicesConfig.SecureChannel;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.device.osdp.bus.PollerOptions;
import io.courtyard.runtime.EventLoops;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import io.courtyard.sim.osdp.SerialServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The real gateway poller against simulated serial servers over real TCP on 127.0.0.1: gateway
 * event loops, {@link OsdpBuses} with a {@link RecordingListener}, and an {@link OsdpSim}. Timings
 * are shortened so that offline and back takes well under a second.
 */
public final class OsdpRig implements AutoCloseable {
    public static final Duration POLL = Duration.ofMillis(20);
    public static final Duration REPLY_TIMEOUT = Duration.ofMillis(100);
    public static final int OFFLINE_AFTER = 3;
    public static final PollerOptions OPTIONS = PollerOptions.DEFAULTS
            .withOfflineProbe(Duration.ofMillis(200))
            .withReconnect(Duration.ofMillis(50), Duration.ofMillis(400));
    public static final Duration WAIT = Duration.ofSeconds(10);
    public static final String KEY = "8F2D61C05BE74A1399E0D3B4A5C6F718";
    public static final String OTHER_KEY = "00112233445566778899AABBCCDDEEFF";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventLoops loops = new EventLoops(2, registry);
    private final OsdpSim sim = new OsdpSim();
    private final RecordingListener listener = new RecordingListener();
    private final List<OsdpBus> configs = new ArrayList<>();
    private OsdpBuses buses;

    public OsdpRig() {
        loops.start();
    }

    public static OsdpDevice clear(int address) {
        return new OsdpDevice("pd-" + address, address, SecureChannel.OFF, Optional.empty());
    }

    public static OsdpDevice secure(int address, String scbkHex) {
        return new OsdpDevice("pd-" + address, address, SecureChannel.ON, Optional.of(scbkHex));
    }

    public static OsdpDevice install(int address, String scbkHexOrNull) {
        return new OsdpDevice("pd-" + address, address, SecureChannel.INSTALL, Optional.ofNullable(scbkHexOrNull));
    }

    /** A serial server for {@code bus} with these PDs, on a free port. */
    public SerialServer serve(String bus, EmulatedPd... pds) {
        return sim.bus(bus, 0, pds);
    }

    /** The gateway will poll {@code bus} (already served) for these configured devices. */
    public OsdpRig poll(String bus, Duration pollInterval, OsdpDevice... devices) {
        return poll(bus, "127.0.0.1", pollInterval, devices);
    }

    /** As {@link #poll(String, Duration, OsdpDevice...)}, naming the serial server by {@code host}. */
    public OsdpRig poll(String bus, String host, Duration pollInterval, OsdpDevice... devices) {
        configs.add(new OsdpBus(
                bus, host, sim.bus(bus).port(), pollInterval, REPLY_TIMEOUT, OFFLINE_AFTER, Arrays.asList(devices)));
        return this;
    }

    public OsdpRig poll(String bus, OsdpDevice... devices) {
        return poll(bus, POLL, devices);
    }

    public OsdpBuses start() {
        buses = new OsdpBuses(configs, loops, registry, OPTIONS, Clock.systemUTC());
        buses.listen(listener);
        buses.start();
        return buses;
    }

    /** Starts, then waits until the PD at {@code address} has come online once. */
    public OsdpBuses startAndAwaitOnline(int... addresses) {
        start();
        for (int a : addresses) {
            awaitOnline(a, 1);
        }
        return buses;
    }

    public void awaitOnline(int address, long times) {
        await().atMost(WAIT).until(() -> listener.count("online", address) >= times);
    }

    public OsdpBuses buses() {
        return buses;
    }

    public OsdpSim sim() {
        return sim;
    }

    public RecordingListener listener() {
        return listener;
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    /** The sum of a counter over its tags, 0 when it does not exist. */
    public double counted(String meter, String... tags) {
        return registry.find(meter).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    @Override
    public void close() {
        if (buses != null) {
            buses.stop();
        }
        sim.close();
        loops.stop();
    }

    /** A clear reader at address 1 on {@code bus-a}, served, polled and online: most tests start here. */
    public EmulatedPd onlineReader() {
        EmulatedPd reader = new EmulatedPd(1, io.courtyard.sim.osdp.PdProfile.reader());
        serve("bus-a", reader);
        poll("bus-a", clear(1)).startAndAwaitOnline(1);
        return reader;
    }
}

package io.courtyard.device.osdp.bus;

import io.courtyard.config.DevicesConfig.OsdpBus;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.bus.CommandResult.Status;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The gateway as OSDP control panel: one client connection per configured bus, polling its PDs and
 * reporting to {@link OsdpListener}s; {@link #send} is how drivers actuate (OUT, LED, BUZ). Starts
 * after {@link EventLoops}, whose worker loops it uses, and stops before them.
 */
public final class OsdpBuses implements Service {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(1);

    private final List<OsdpBus> configs;
    private final EventLoops loops;
    private final MeterRegistry registry;
    private final PollerOptions options;
    private final Clock clock;
    private final List<OsdpListener> listeners = new ArrayList<>();
    private volatile Map<String, BusClient> buses = Map.of();
    private boolean started;
    private ExecutorService resolver;

    public OsdpBuses(List<OsdpBus> configs, EventLoops loops, MeterRegistry registry) {
        this(configs, loops, registry, PollerOptions.DEFAULTS, Clock.systemUTC());
    }

    public OsdpBuses(
            List<OsdpBus> configs, EventLoops loops, MeterRegistry registry, PollerOptions options, Clock clock) {
        this.configs = List.copyOf(configs);
        this.loops = loops;
        this.registry = registry;
        this.options = options;
        this.clock = clock;
    }

    /** Adds a listener; all are registered before {@link #start()}, so none misses a PD's first report. */
    public synchronized OsdpBuses listen(OsdpListener listener) {
        if (started) {
            throw new IllegalStateException("listeners are added before the OSDP buses start");
        }
        listeners.add(listener);
        return this;
    }

    @Override
    public String name() {
        return "osdp-buses";
    }

    @Override
    public synchronized void start() {
        started = true;
        // Only hostnames need it; the thread is created on first use.
        resolver = Executors.newSingleThreadExecutor(Threads.named("osdp-resolve", true));
        OsdpListener listener = OsdpListener.of(listeners);
        SecureRandom random = new SecureRandom();
        Map<String, BusClient> started = new LinkedHashMap<>();
        for (OsdpBus config : configs) {
            BusContext bus = new BusContext(config, options, listener, registry, clock, random);
            started.put(config.id(), new BusClient(bus, loops, resolver));
        }
        buses = Map.copyOf(started);
        started.values().forEach(BusClient::start);
    }

    /**
     * Queues {@code command} for the PD; it goes out in the PD's next slot, ahead of routine polls.
     * The future completes on the bus's event loop when the PD answers, when it goes offline, or at
     * once when the command cannot be queued; it never completes exceptionally. Callbacks must not
     * block. Safe from any thread.
     */
    public CompletableFuture<CommandResult> send(String bus, int address, Command command) {
        BusClient client = buses.get(bus);
        if (client == null) {
            return CompletableFuture.completedFuture(
                    CommandResult.failed(Status.UNKNOWN_DEVICE, "no OSDP bus '" + bus + "'", 0));
        }
        return client.send(address, command);
    }

    public CompletableFuture<CommandResult> send(PdRef pd, Command command) {
        return send(pd.bus(), pd.address(), command);
    }

    /**
     * Drops bus {@code id}'s connection and connects again at once; completes when connected
     * again, exceptionally for an unknown bus or when stopping. Safe from any thread.
     */
    public CompletableFuture<Void> restart(String id) {
        BusClient client = buses.get(id);
        return client == null
                ? CompletableFuture.failedFuture(new IllegalArgumentException("no OSDP bus '" + id + "'"))
                : client.restart();
    }

    /**
     * Starts the PD over from discovery (OSDP has no reset command; see the README); completes
     * when it is online again. Safe from any thread.
     */
    public CompletableFuture<Void> rediscover(PdRef pd, String reason) {
        BusClient client = buses.get(pd.bus());
        return client == null
                ? CompletableFuture.failedFuture(new IllegalArgumentException("no OSDP bus '" + pd.bus() + "'"))
                : client.rediscover(pd.address(), reason);
    }

    /** Whether the PD is online now; a hint for drivers, the answer to {@link #send} is what counts. */
    public boolean online(PdRef pd) {
        BusClient client = buses.get(pd.bus());
        return client != null && client.online(pd.address());
    }

    /**
     * A read-only view of every configured PD for the operator's /health: online, how its link is
     * protected, what it does not let the gateway watch. Safe from any thread; empty before start.
     */
    public List<PdHealth> health() {
        Map<String, BusClient> current = buses;
        List<PdHealth> out = new ArrayList<>();
        for (OsdpBus config : configs) {
            BusClient client = current.get(config.id());
            if (client != null) {
                out.addAll(client.health());
            }
        }
        return out;
    }

    @Override
    public synchronized void stop() {
        buses.values().forEach(b -> b.stop(STOP_TIMEOUT));
        if (resolver != null) {
            resolver.shutdownNow();
        }
    }
}

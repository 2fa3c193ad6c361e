package io.courtyard.device.drivers;

import io.courtyard.access.Emergencies;
import io.courtyard.access.Emergency;
import io.courtyard.command.Outcome;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.HallCall;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.Decider;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.bus.OsdpBuses;
import io.courtyard.device.osdp.bus.OsdpListener;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.device.osdp.bus.PdInfo;
import io.courtyard.journal.EventSink;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate and elevator drivers as one OSDP listener: routes each PD's reports to the gates and
 * elevators it serves (cards and keys by reader, inputs and presence by I/O board or relay board),
 * raises tamper alarms for their PDs, and hands them the emergency modes.
 *
 * <p>Registered with {@link OsdpBuses#listen} before the buses start; started itself before them
 * (it subscribes to the emergency modes, which exist once the access service has started) and
 * stopped after them. Its one thread, {@code device-drivers}, runs the door held-open checks.
 */
public final class Drivers implements Service, OsdpListener {
    private static final Logger log = LoggerFactory.getLogger(Drivers.class);

    private final Supplier<Emergencies> emergencies;
    private final Clock clock;
    private final DriverEvents events;
    private final DriverMetrics metrics = new DriverMetrics();
    private final ScheduledThreadPoolExecutor timers;
    private final List<GateDriver> gates = new ArrayList<>();
    private final Map<String, GateDriver> gatesById = new HashMap<>();
    private final List<ElevatorDriver> elevators = new ArrayList<>();
    private final Map<PdRef, List<GateDriver>> gatesByReader = new HashMap<>();
    private final Map<PdRef, List<GateDriver>> gatesByIo = new HashMap<>();
    private final Map<PdRef, List<ElevatorDriver>> elevatorsByReader = new HashMap<>();
    private final Map<PdRef, List<ElevatorDriver>> elevatorsByRelays = new HashMap<>();
    private final List<HallCallDriver> halls = new ArrayList<>();
    private final Map<PdRef, List<HallCallDriver>> hallsByReader = new HashMap<>();
    private final Map<PdRef, List<HallCallDriver>> hallsByIo = new HashMap<>();
    /** The PDs whose tamper switch was last seen on; written by each PD's own bus loop. */
    private final Set<PdRef> tampered = ConcurrentHashMap.newKeySet();

    /**
     * @param emergencies the access service's modes, asked for at {@link #start()}
     * @param events where alarms and rides go: the journal
     */
    public Drivers(
            DevicesConfig devices,
            Decider decider,
            Supplier<Emergencies> emergencies,
            PdCommands commands,
            EventSink events,
            MeterRegistry registry,
            Clock clock) {
        this.emergencies = emergencies;
        this.clock = clock;
        this.events = new DriverEvents(events);
        metrics.bindTo(registry);
        timers = new ScheduledThreadPoolExecutor(1, Threads.named("device-drivers", true));
        // Every door that closes cancels its check: drop cancelled checks rather than let them pile up.
        timers.setRemoveOnCancelPolicy(true);
        for (Gate g : devices.gates()) {
            GateDriver d = new GateDriver(g, decider, commands, this.events, metrics.gate, timers, clock);
            gates.add(d);
            gatesById.put(g.id(), d);
            gatesByReader.computeIfAbsent(g.reader(), k -> new ArrayList<>()).add(d);
            gatesByIo.computeIfAbsent(g.io(), k -> new ArrayList<>()).add(d);
        }
        for (Elevator e : devices.elevators()) {
            ElevatorDriver d = new ElevatorDriver(e, decider, commands, this.events, metrics, timers, clock);
            elevators.add(d);
            elevatorsByReader
                    .computeIfAbsent(e.reader(), k -> new ArrayList<>())
                    .add(d);
            elevatorsByRelays
                    .computeIfAbsent(e.relays(), k -> new ArrayList<>())
                    .add(d);
            for (HallCall h : e.hallCalls()) {
                HallCallDriver hd = new HallCallDriver(e, h, decider, commands, metrics.elevator, timers, clock);
                halls.add(hd);
                hallsByReader
                        .computeIfAbsent(h.reader(), k -> new ArrayList<>())
                        .add(hd);
                hallsByIo.computeIfAbsent(h.io(), k -> new ArrayList<>()).add(hd);
            }
        }
    }

    @Override
    public String name() {
        return "device-drivers";
    }

    /** Takes over the emergency modes in force (a restart during a fire keeps it) and follows their changes. */
    @Override
    public void start() {
        Emergencies modes = emergencies.get();
        // The buses are not running yet: the holds reach each PD when it comes online.
        apply(modes.current(), false);
        modes.subscribe(e -> apply(e, true));
    }

    private void apply(Emergency e, boolean actuate) {
        Instant now = clock.instant();
        gates.forEach(g -> g.fire(e.fire(), now, actuate));
        elevators.forEach(el -> el.fire(e.fire(), actuate));
        halls.forEach(h -> h.fire(e.fire(), actuate));
    }

    /** Opens a gate once for a signed remote command; see {@link GateDriver#open}. */
    public CompletableFuture<Outcome> open(String gate) {
        GateDriver d = gatesById.get(gate);
        if (d == null) {
            throw new IllegalArgumentException("no gate " + gate);
        }
        return d.open(clock.instant());
    }

    @Override
    public void stop() throws InterruptedException {
        timers.shutdownNow();
        timers.awaitTermination(1, TimeUnit.SECONDS);
    }

    @Override
    public void online(Pd pd, PdInfo info) {
        PdRef ref = pd.ref();
        gatesByIo.getOrDefault(ref, List.of()).forEach(GateDriver::ioOnline);
        elevatorsByRelays.getOrDefault(ref, List.of()).forEach(ElevatorDriver::relaysOnline);
        hallsByIo.getOrDefault(ref, List.of()).forEach(HallCallDriver::ioOnline);
    }

    @Override
    public void card(Pd pd, int reader, CardRead card, Instant at) {
        // The start of the card-to-OUT latency: the decision and the OUT's queueing are inside it.
        long t0 = System.nanoTime();
        PdRef ref = pd.ref();
        List<GateDriver> g = gatesByReader.get(ref);
        if (g != null) {
            g.forEach(d -> d.card(reader, card, at, t0));
        }
        List<ElevatorDriver> e = elevatorsByReader.get(ref);
        if (e != null) {
            e.forEach(d -> d.card(reader, card, at, t0));
        }
        List<HallCallDriver> h = hallsByReader.get(ref);
        if (h != null) {
            h.forEach(d -> d.card(reader, card, at, t0));
        }
    }

    @Override
    public void keypad(Pd pd, int reader, String keys, Instant at) {
        long t0 = System.nanoTime();
        PdRef ref = pd.ref();
        gatesByReader.getOrDefault(ref, List.of()).forEach(d -> d.keypad(reader, keys, at, t0));
        elevatorsByReader.getOrDefault(ref, List.of()).forEach(d -> d.keypad(reader, keys, at, t0));
        hallsByReader.getOrDefault(ref, List.of()).forEach(d -> d.keypad(reader, keys, at, t0));
    }

    @Override
    public void inputs(Pd pd, InputStatus inputs, Instant at) {
        PdRef ref = pd.ref();
        gatesByIo.getOrDefault(ref, List.of()).forEach(d -> d.inputs(inputs, at));
        elevatorsByRelays.getOrDefault(ref, List.of()).forEach(d -> d.inputs(inputs, at));
    }

    /** Tamper on a gate's or an elevator's PD is an ALARM; power and presence stay DEVICE events. */
    @Override
    public void localStatus(Pd pd, boolean tamper, boolean powerFailure, Instant at) {
        PdRef ref = pd.ref();
        boolean changed = tamper ? tampered.add(ref) : tampered.remove(ref);
        if (!changed) {
            return;
        }
        for (String id : owners(ref, gatesByReader, gatesByIo, g -> g.gate().id())) {
            events.tamper("door", id, pd, tamper, at);
            if (tamper) {
                metrics.gate.alarm(DriverEvents.TAMPER);
            }
        }
        List<String> cars = owners(
                ref, elevatorsByReader, elevatorsByRelays, e -> e.elevator().id());
        // A landing reader's tamper is its elevator's: the PD in the alarm tells which landing.
        for (String id : owners(ref, hallsByReader, hallsByIo, h -> elevatorOf(h))) {
            if (!cars.contains(id)) {
                cars.add(id);
            }
        }
        for (String id : cars) {
            events.tamper("elevator", id, pd, tamper, at);
            if (tamper) {
                metrics.elevator.alarm(DriverEvents.TAMPER);
            }
        }
    }

    private static String elevatorOf(HallCallDriver h) {
        return h.elevator().id();
    }

    private static <D> List<String> owners(
            PdRef ref, Map<PdRef, List<D>> byReader, Map<PdRef, List<D>> byIo, Function<D, String> id) {
        List<String> ids = new ArrayList<>(1);
        for (Map<PdRef, List<D>> m : List.of(byReader, byIo)) {
            for (D d : m.getOrDefault(ref, List.of())) {
                String s = id.apply(d);
                if (!ids.contains(s)) {
                    ids.add(s);
                }
            }
        }
        return ids;
    }
}

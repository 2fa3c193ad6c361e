package io.courtyard.sim.demo;

import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.ElevatorControl;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.sim.compound.Compound;
import io.courtyard.sim.compound.Happening.Crew;
import io.courtyard.sim.compound.Person;
import io.courtyard.sim.compound.Stage;
import io.courtyard.sim.monitor.MonitorEmulator;
import io.courtyard.sim.monitor.MonitorSim;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo compound's devices as a month's {@link Stage}: cards and buttons on the emulated OSDP
 * readers and relay boards, trips and faults from the emulated monitors, cars at the emulated cameras,
 * crews at the operator API. Nothing here calls the gateway's code: it hears about everything over its
 * sockets.
 */
final class DemoStage implements Stage {
    /** A reader's report goes out on its next poll (50 ms by default), a few polls at most under load. */
    private static final Duration POLLED_WITHIN = Duration.ofSeconds(5);
    /** A monitor's trip or fault report is acknowledged (PUBACK) once the gateway has journaled it. */
    private static final Duration MONITOR_WITHIN = Duration.ofSeconds(10);
    /** The trapped-passenger debounce of the demo configuration is 5 s; a real one's 20 s. */
    private static final Duration RAISED_WITHIN = Duration.ofSeconds(40);
    /** Well inside the month's 6 h silence timeout ({@link MonthConfig#SILENCE}). */
    private static final Duration HEARTBEAT = Duration.ofHours(1);

    private final OsdpSim sim;
    private final MonitorSim monitors;
    private final DemoCarPark cars;
    private final OperatorClient crew;
    private final Map<String, Gate> gates;
    private final Map<String, Elevator> elevators;
    private final Map<String, CompletableFuture<Void>> trips = new ConcurrentHashMap<>();
    /** When each monitor last reported, on the month's clock. */
    private final Map<String, Instant> lastReport = new ConcurrentHashMap<>();

    private final Clock clock;

    DemoStage(
            DevicesConfig devices,
            OsdpSim sim,
            MonitorSim monitors,
            DemoCarPark cars,
            OperatorClient crew,
            Clock clock) {
        this.clock = clock;
        this.sim = sim;
        this.monitors = monitors;
        this.cars = cars;
        this.crew = crew;
        this.gates = devices.gates().stream().collect(Collectors.toMap(Gate::id, Function.identity()));
        this.elevators = devices.elevators().stream().collect(Collectors.toMap(Elevator::id, Function.identity()));
    }

    @Override
    public void gateIn(String gate, Person person) throws Exception {
        PdRef r = gates.get(gate).reader();
        present(r, person);
    }

    @Override
    public void gateOut(String gate) throws Exception {
        Gate g = gates.get(gate);
        if (g.exitInput().isPresent()) {
            int exit = g.exitInput().get();
            sim.setInput(g.io().bus(), g.io().address(), exit, true);
            sim.setInput(g.io().bus(), g.io().address(), exit, false);
        }
    }

    @Override
    public void ride(String elevator, Person person, int floor) throws Exception {
        Elevator e = elevators.get(elevator);
        EmulatedPd relays = pd(e.relays());
        present(e.reader(), person);
        Integer input = e.floorInputs().get(floor);
        if (e.control() == ElevatorControl.ENABLE && input != null) {
            // Pressed once the card is decided (the gateway decides as the reply arrives): the enabled floor's button.
            sim.setInput(e.relays().bus(), e.relays().address(), input, true);
            sim.setInput(e.relays().bus(), e.relays().address(), input, false);
            // Reported before the clock moves on: a press after the grant's few seconds would be nobody's ride.
            await(() -> relays.pending() == 0, "the relay board of " + elevator + " to report its buttons");
        }
        trip(elevator, floor);
    }

    @Override
    public void descend(String elevator, int floor) {
        trip(elevator, 1);
    }

    /** The car's trips follow one another; the lane goes on with its next card meanwhile. */
    private void trip(String elevator, int floor) {
        MonitorEmulator m = monitor(elevator);
        lastReport.put(elevator, clock.instant());
        trips.compute(elevator, (k, before) -> (before == null ? CompletableFuture.<Void>completedFuture(null) : before)
                .exceptionally(e -> null)
                .thenCompose(v -> m.rideBurst(floor)));
    }

    /**
     * The monitors' trips are in. Cards were polled as they were presented and presses before their ride
     * ended; an exit button still queued is reported at the next hour's start.
     */
    @Override
    public void settle() throws Exception {
        for (CompletableFuture<Void> t : trips.values()) {
            t.get(MONITOR_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void car(String barrier, String plate, Instant at) {
        cars.drive(barrier, plate, 95, at);
    }

    @Override
    public void faultRaised(String elevator, String type) throws Exception {
        monitor(elevator).raise(code(elevator, type)).get(MONITOR_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void faultCleared(String elevator, String type) throws Exception {
        MonitorEmulator m = monitor(elevator);
        if (type.startsWith("trapped-")) {
            m.free(trappedType(m)).get(MONITOR_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            m.clear(code(elevator, type)).get(MONITOR_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void trapped(String elevator) throws Exception {
        MonitorEmulator m = monitor(elevator);
        m.trap(trappedType(m)).get(MONITOR_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        // The clock runs at real time meanwhile: the debounce passes on it as it would on a real box.
        if (crew.openFault(elevator, "trapped-", RAISED_WITHIN).isEmpty()) {
            throw new TimeoutException("the gateway raised no trapped-passenger fault at " + elevator + " within "
                    + RAISED_WITHIN.toSeconds() + " s");
        }
    }

    @Override
    public void crew(Crew c) throws Exception {
        crew.act(c);
    }

    /**
     * A monitor that has reported nothing for an hour of the month's clock reports its status, as a
     * firmware's heartbeat would: an elevator nobody rode all afternoon is not a silent monitor.
     */
    @Override
    public void keepAlive() throws Exception {
        Instant now = clock.instant();
        for (String e : elevators.keySet()) {
            MonitorEmulator m = monitors.of(e).orElse(null);
            Instant last = lastReport.get(e);
            if (m != null && m.connected() && (last == null || !now.isBefore(last.plus(HEARTBEAT)))) {
                m.status().get(MONITOR_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
                lastReport.put(e, now);
            }
        }
    }

    /** The table of the government platform has no between-floors code: those monitors report trapped at a floor. */
    private static String trappedType(MonitorEmulator m) {
        return m.hasCode("trapped-between-floors") ? "trapped-between-floors" : "trapped-at-floor";
    }

    private String code(String elevator, String type) {
        MonitorEmulator m = monitor(elevator);
        return m.code(m.hasCode(type) ? type : "safety-circuit-open");
    }

    private MonitorEmulator monitor(String elevator) {
        return monitors.of(elevator).orElseThrow(() -> new IllegalStateException("no monitor watches " + elevator));
    }

    /** A card at {@code reader}; returns once the reader has reported it (the gateway decides as the reply arrives). */
    private void present(PdRef reader, Person person) throws Exception {
        EmulatedPd pd = pd(reader);
        sim.presentCard(reader.bus(), reader.address(), WiegandFormat.H10301, Compound.FACILITY, person.card());
        await(() -> pd.pending() == 0, "reader " + reader + " to be polled");
    }

    private EmulatedPd pd(PdRef ref) {
        return sim.pd(ref.bus(), ref.address());
    }

    private static void await(BooleanSupplier done, String what) throws Exception {
        long end = System.nanoTime() + POLLED_WITHIN.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new TimeoutException("waited " + POLLED_WITHIN.toSeconds() + " s for " + what);
            }
            Thread.sleep(2);
        }
    }
}

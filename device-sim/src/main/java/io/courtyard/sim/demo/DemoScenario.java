package io.courtyard.sim.demo;

import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.HallCall;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.elevator.EmulatedCar;
import io.courtyard.sim.monitor.MonitorEmulator;
import io.courtyard.sim.monitor.MonitorSim;
import io.courtyard.sim.osdp.OsdpSim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's scripted residents: every few seconds one more thing happens at the demo compound's
 * gates and elevators, using the holders of the signed example list ({@code config/acl-example.json}):
 * residents come through gates and ride home (one calls the car at the lobby reader and has their
 * floor pressed for them), a reported-lost and an unknown card are refused,
 * someone leaves by the exit button, and now and then a gate is pushed open without a card; the
 * elevator monitors report trips, a transient door fault, trapped passengers, inspection, a power
 * failure, an outage with its will, and a firmware's malformed payloads.
 *
 * <p>A demo scenario, nothing more: it acts only on the emulated PDs (cards, contacts, buttons) and
 * monitors (MQTT), which the gateway reaches over real sockets; it never calls the gateway. Steps whose devices a
 * configuration lacks are skipped.
 */
final class DemoScenario implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("scenario");
    private static final Duration STEP = Duration.ofSeconds(4);
    /** The example list's card facility. */
    private static final int FACILITY = 12;

    /** One line of the script. */
    private record Step(String what, Runnable action) {}

    private final OsdpSim sim;
    private final DevicesConfig devices;
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(Threads.named("demo-residents", true));
    private final List<Step> script = new ArrayList<>();
    /** The elevators' controllers, which take only the calls the relays let through. */
    private final Map<String, EmulatedCar> cars = new HashMap<>();

    private volatile MonitorSim monitors;
    private int next;

    DemoScenario(OsdpSim sim, DevicesConfig devices) {
        this.sim = sim;
        this.devices = devices;
        for (Elevator e : devices.elevators()) {
            cars.put(e.id(), EmulatedCar.wire(sim, e));
        }
        step("resident of 1-1-702 (card 12/1001) at north-gate: granted, walks through", () -> {
            card("north-gate", 1001);
            walkThrough("north-gate", 600);
        });
        step("... and rides elevator-1-1 home to floor 7 (its monitor reports the trip)", () -> {
            card("elevator-1-1", 1001);
            press("elevator-1-1", 7, 1_000);
            monitor("elevator-1-1", m -> m.ride(7));
        });
        step("resident of 3-1-301 (card 12/1003) at south-gate", () -> {
            card("south-gate", 1003);
            walkThrough("south-gate", 800);
        });
        step("... calls elevator-3-1 at its lobby reader (呼梯) and presses the call button", () -> {
            card("elevator-3-1-lobby", 1003);
            later(800, () -> hallCall("elevator-3-1", 1));
        });
        step("... and in the car elevator-3-1 presses floor 3 for them (层控); its monitor reports the trip", () -> {
            card("elevator-3-1", 1003);
            later(1_500, () -> car("elevator-3-1")
                    .ifPresent(c -> log.info("scenario: elevator-3-1 car calls registered: {}", c.carCalls())));
            monitor("elevator-3-1", m -> m.ride(3));
        });
        step("a reported-lost card (12/1099) at west-gate: refused", () -> card("west-gate", 1099));
        step("someone leaves by south-gate's exit button", () -> {
            gate("south-gate").flatMap(Gate::exitInput).ifPresent(exit -> {
                PdRef io = gate("south-gate").get().io();
                sim.setInput(io.bus(), io.address(), exit, true);
                later(300, () -> sim.setInput(io.bus(), io.address(), exit, false));
            });
            walkThrough("south-gate", 700);
        });
        step("an unknown card (12/4242) at north-gate: refused", () -> card("north-gate", 4242));
        step(
                "west-gate pushed open without a card: door-forced-open alarm, cleared when it closes",
                () -> walkThrough("west-gate", 0));
        step(
                "elevator-3-1's monitor (government platform codes) reports a door-close failure that clears"
                        + " within its debounce: a transient, not a fault",
                () -> monitor("elevator-3-1", m -> m.fault(m.code("door-close-failure"), Duration.ofSeconds(1))));
        step(
                "elevator-1-1 stops between floors with the resident inside: trapped-passenger ALARM after the"
                        + " debounce, naming the last cards in the car; freed 10 s later",
                () -> monitor("elevator-1-1", m -> m.trapPassengers(true, Duration.ofSeconds(10))));
        step(
                "elevator-3-1 goes into inspection for 6 s (service codes 43, then 40)",
                () -> monitor("elevator-3-1", m -> m.inspection(Duration.ofSeconds(6))));
        step(
                "elevator-3-1 loses mains for 8 s: power failure, the monitor on its battery",
                () -> monitor("elevator-3-1", m -> m.powerLoss(Duration.ofSeconds(8))));
        step(
                "monitor-3-1 drops off the network (its will is journaled) and is back 5 s later",
                () -> monitor("elevator-3-1", m -> m.offlineFor(Duration.ofSeconds(5))));
        step(
                "monitor-1-1's firmware sends malformed payloads: each refused (MQTT 5 reason 0x99) and journaled;"
                        + " the freed car returns to the lobby",
                () -> monitor("elevator-1-1", m -> m.malformed().thenCompose(v -> m.ride(1))));
    }

    /** The monitors' emulators, once they are connected; monitor steps are skipped before. */
    void monitors(MonitorSim sim) {
        this.monitors = sim;
    }

    private void monitor(String elevator, Function<MonitorEmulator, CompletableFuture<Void>> behaviour) {
        MonitorSim sim = monitors;
        if (sim == null) {
            throw new IllegalStateException("no monitor emulators (listeners.deviceMqtt disabled?)");
        }
        sim.of(elevator).ifPresent(m -> behaviour.apply(m).whenComplete((v, e) -> {
            if (e != null) {
                log.warn("scenario: {} monitor: {}", elevator, e.toString());
            }
        }));
    }

    /** The car park's steps, between the pedestrians' ones: the demo list's permits and pass. */
    DemoScenario cars(DemoCarPark park) {
        if (!park.has("east-entry")) {
            return this;
        }
        List<Step> pedestrians = new ArrayList<>(script);
        script.clear();
        List<Step> cars = List.of(
                new Step(
                        "a resident of 1-1-702 drives in: 京A12345 at east-entry",
                        () -> park.car("east-entry", "京A12345", 96)),
                new Step(
                        "a car nobody knows (苏E00000) at east-entry: refused",
                        () -> park.car("east-entry", "苏E00000", 95)),
                new Step(
                        "a plate read at confidence 60 at east-entry: refused (low-confidence)",
                        () -> park.car("east-entry", "京B67890", 60)),
                new Step(
                        "the resident of 1-1-702 drives out at east-exit (Hikvision): the gateway opens it over ISAPI",
                        () -> park.car("east-exit", "京A12345", 97)),
                new Step(
                        "east-entry's camera loses the gateway while two cars come in, then replays them: recorded, never"
                                + " opened",
                        () -> park.outage("east-entry", "京B67890", "京AD12345")),
                new Step("both drive out at east-exit", () -> {
                    park.car("east-exit", "京B67890", 95);
                    park.car("east-exit", "京AD12345", 95);
                }));
        for (int i = 0; i < Math.max(pedestrians.size(), cars.size()); i++) {
            if (i < pedestrians.size()) {
                script.add(pedestrians.get(i));
            }
            if (i < cars.size()) {
                script.add(cars.get(i));
            }
        }
        return this;
    }

    private void step(String what, Runnable action) {
        script.add(new Step(what, action));
    }

    void start() {
        timer.scheduleWithFixedDelay(this::next, STEP.toMillis(), STEP.toMillis(), TimeUnit.MILLISECONDS);
        log.info("demo scenario: {} steps, one every {} s", script.size(), STEP.toSeconds());
    }

    private void next() {
        Step s = script.get(next++ % script.size());
        log.info("scenario: {}", s.what());
        try {
            s.action().run();
        } catch (RuntimeException e) {
            // The script must outlive a step the configuration or the emulators cannot play.
            log.warn("scenario step skipped: {}", e.toString());
        }
    }

    private void card(String device, long number) {
        Optional<PdRef> reader = gate(device)
                .map(Gate::reader)
                .or(() -> elevator(device).map(Elevator::reader))
                .or(() -> devices.elevators().stream()
                        .flatMap(e -> e.hallCalls().stream())
                        .filter(h -> h.id().equals(device))
                        .map(HallCall::reader)
                        .findFirst());
        reader.ifPresent(r -> sim.presentCard(r.bus(), r.address(), WiegandFormat.H10301, FACILITY, number));
    }

    /** Someone presses the call button at a landing: the emulated controller says whether it took the call. */
    private void hallCall(String elevatorId, int floor) {
        car(elevatorId)
                .ifPresent(c -> log.info(
                        "scenario: hall call at floor {} of {}: {}",
                        floor,
                        elevatorId,
                        c.pressHallCall(floor) ? "registered" : "not enabled"));
    }

    private Optional<EmulatedCar> car(String elevatorId) {
        return Optional.ofNullable(cars.get(elevatorId));
    }

    /** The door opens {@code afterMillis} from now and closes two seconds later. */
    private void walkThrough(String gateId, long afterMillis) {
        gate(gateId).ifPresent(g -> g.doorInput().ifPresent(door -> {
            later(afterMillis, () -> sim.setInput(g.io().bus(), g.io().address(), door, true));
            later(afterMillis + 2_000, () -> sim.setInput(g.io().bus(), g.io().address(), door, false));
        }));
    }

    /** The floor's button is pressed {@code afterMillis} from now, and let go. */
    private void press(String elevatorId, int floor, long afterMillis) {
        elevator(elevatorId).ifPresent(e -> {
            Integer input = e.floorInputs().get(floor);
            if (input != null) {
                PdRef relays = e.relays();
                later(afterMillis, () -> sim.setInput(relays.bus(), relays.address(), input, true));
                later(afterMillis + 300, () -> sim.setInput(relays.bus(), relays.address(), input, false));
            }
        });
    }

    private void later(long millis, Runnable r) {
        timer.schedule(r, millis, TimeUnit.MILLISECONDS);
    }

    private Optional<Gate> gate(String id) {
        return devices.gates().stream().filter(g -> g.id().equals(id)).findFirst();
    }

    private Optional<Elevator> elevator(String id) {
        return devices.elevators().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

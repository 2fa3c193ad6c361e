package io.courtyard.device.drivers;

import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessState;
import io.courtyard.access.Actuation;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Decision;
import io.courtyard.access.Emergencies;
import io.courtyard.access.Reason;
import io.courtyard.access.SiteLayout;
import io.courtyard.config.DevicesConfig;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.osdp.Command;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.bus.CommandResult;
import io.courtyard.device.osdp.bus.Pd;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.EventKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The drivers without a bus or an engine: commands are recorded and acknowledged at once, decisions
 * come from a function the test sets, journal events land in a list.
 */
final class DriverRig implements AutoCloseable {
    static final PdRef READER = new PdRef("gates", 1);
    static final PdRef LIFT_READER = new PdRef("lift", 1);
    static final PdRef LIFT_RELAYS = new PdRef("lift", 2);
    static final PdRef LOBBY_READER = new PdRef("lift", 3);
    /** The car's reader and relay board as the buses name them in reports. */
    static final Pd CAR_READER_PD = new Pd("lift-reader", "lift", 1);

    static final Pd CAR_RELAYS_PD = new Pd("lift-relays", "lift", 2);

    /** Floor buttons' inputs of the relay board, these pressed. */
    static InputStatus buttons(int... pressedInputs) {
        boolean[] b = new boolean[8];
        for (int i : pressedInputs) {
            b[i] = true;
        }
        return InputStatus.of(b);
    }

    /** A command as the PD would have received it. */
    record Sent(PdRef pd, Command command) {}

    final List<Sent> sent = new CopyOnWriteArrayList<>();
    final List<EventDraft> events = new CopyOnWriteArrayList<>();
    final List<AccessRequest> requests = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** What every PD answers; a test may make them refuse. */
    volatile CommandResult.Status result = CommandResult.Status.ACKED;

    volatile Function<AccessRequest, Decision> decide = r -> deny(r, Reason.UNKNOWN_CREDENTIAL);
    /** How the decision is handed over: at once by default; a test may hold it back (a limited pass's entry). */
    volatile Function<AccessRequest, CompletableFuture<Decision>> answer =
            r -> CompletableFuture.completedFuture(decide.apply(r));

    final Emergencies emergencies;
    final Drivers drivers;

    DriverRig(List<Gate> gates, List<Elevator> elevators) {
        DevicesConfig devices = new DevicesConfig(List.of(), gates, elevators, List.of(), List.of(), List.of());
        emergencies = new Emergencies(
                new AccessState(),
                new SiteLayout(ZoneOffset.UTC, Map.of(), Map.of(), Map.of()),
                d -> CompletableFuture.completedFuture(null),
                Clock.systemUTC());
        drivers = new Drivers(
                devices,
                r -> {
                    requests.add(r);
                    return answer.apply(r);
                },
                () -> emergencies,
                (pd, c) -> {
                    sent.add(new Sent(pd, c));
                    return CompletableFuture.completedFuture(
                            new CommandResult(result, Optional.empty(), "", System.nanoTime()));
                },
                d -> {
                    events.add(d);
                    return CompletableFuture.completedFuture(null);
                },
                registry,
                Clock.systemUTC());
        drivers.start();
    }

    static Gate gate(Duration heldOpenAfter, boolean openOnFire) {
        return new Gate(
                "north-gate",
                "North gate",
                READER,
                READER,
                0,
                Optional.of(0),
                Optional.of(1),
                Duration.ofSeconds(3),
                heldOpenAfter,
                openOnFire);
    }

    static Elevator elevator() {
        return new Elevator(
                "lift-1-1",
                "1",
                "1",
                LIFT_READER,
                LIFT_RELAYS,
                Map.of(1, 0, 2, 1, 3, 2, 7, 6),
                Map.of(1, 0, 2, 1, 3, 2, 7, 6),
                List.of(1),
                Duration.ofSeconds(10),
                true);
    }

    /** 层控 and 呼梯: floors 1, 2, 3 and 7 can be pressed (outputs 8, 9, 10, 14); a lobby reader calls the car. */
    static Elevator selectingElevator() {
        Elevator e = elevator();
        return new Elevator(
                e.id(),
                e.building(),
                e.unit(),
                e.reader(),
                e.relays(),
                e.floorOutputs(),
                e.floorInputs(),
                e.publicFloors(),
                e.enableFor(),
                e.releaseOnFire(),
                DevicesConfig.ElevatorControl.SELECT,
                Map.of(1, 8, 2, 9, 3, 10, 7, 14),
                Duration.ofMillis(500),
                List.of(new DevicesConfig.HallCall(
                        "lift-1-1-hall-1", 1, LOBBY_READER, LOBBY_READER, 0, Duration.ofSeconds(10))));
    }

    static Decision hallCall(AccessRequest r) {
        return decision(r, Reason.GRANTED, new Actuation.HallCall(1, 0, Duration.ofSeconds(10)));
    }

    static Decision grantPulse(AccessRequest r) {
        return decision(r, Reason.GRANTED, new Actuation.Pulse(Duration.ofSeconds(3)));
    }

    static Decision grantFloors(AccessRequest r, List<Integer> floors, List<Integer> outputs) {
        return decision(r, Reason.GRANTED, new Actuation.Floors(floors, outputs, Duration.ofSeconds(10)));
    }

    static Decision deny(AccessRequest r, Reason reason) {
        return decision(r, reason, Actuation.NONE);
    }

    private static Decision decision(AccessRequest r, Reason reason, Actuation a) {
        CredentialKey c = r.credential();
        boolean known = reason != Reason.UNKNOWN_CREDENTIAL && c != null;
        return new Decision(
                reason,
                r.device(),
                null,
                c,
                known ? "c-r1" : null,
                known ? "h-1-1-702-a" : null,
                known ? "resident" : null,
                known ? "1-1-702" : null,
                a,
                "test rule",
                null,
                1);
    }

    /** The commands sent to {@code pd}, by type. */
    <T extends Command> List<T> sent(PdRef pd, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Sent s : sent) {
            if (s.pd().equals(pd) && type.isInstance(s.command())) {
                out.add(type.cast(s.command()));
            }
        }
        return out;
    }

    List<EventDraft> events(EventKind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    double count(String meter, String... tags) {
        return registry.find(meter).tags(tags).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Override
    public void close() throws Exception {
        drivers.stop();
    }
}

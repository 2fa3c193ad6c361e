package io.courtyard.device.drivers;

import io.courtyard.access.AccessRequest;
import io.courtyard.access.Actuation;
import io.courtyard.access.Decision;
import io.courtyard.access.Reason;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.device.Decider;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.drivers.DriverMetrics.Cause;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.Reply.InputStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One elevator car's card control (梯控): a card is decided and answered by enabling exactly the
 * decision's floors (their relay outputs, for the decision's {@code enableFor}) with green and a
 * beep, or by red and two beeps. A floor button pressed while a grant has it enabled is that
 * holder's ride ({@link Rides}), journaled as a RIDE event. Fire mode (with {@code releaseOnFire})
 * enables every floor until it ends.
 *
 * <p>With a single allowed floor, that floor alone is enabled and the ride is recorded when its
 * button is pressed: pressing a button for the passenger needs a relay wired across the button,
 * which the configuration cannot describe yet, so the driver never claims to select a floor.
 *
 * <p>A car reader cannot know where the car stands. A ride's {@code fromFloor} is the lobby —
 * floor 1 when the car serves it, else its lowest public floor, else its lowest floor — and is
 * marked {@code fromKnown: false}; a ride to the lobby itself has no {@code fromFloor}.
 *
 * <p>Threads and locking as in {@link GateDriver}.
 */
final class ElevatorDriver {
    private static final Logger log = LoggerFactory.getLogger(ElevatorDriver.class);

    private final Elevator elevator;
    private final Decider decider;
    private final PdCommands commands;
    private final Feedback feedback;
    private final DriverEvents events;
    private final DriverMetrics metrics;
    private final Presentations presentations;
    private final Rides rides = new Rides();
    private final int lobby;
    /** Floor buttons by input, ascending by input. */
    private final Map<Integer, Integer> floorOfInput;

    private final OutputControl releaseAll;
    private final OutputControl restoreAll;
    private boolean fireHold;
    /** The floor buttons' last states by input; null until the first report, which records no ride. */
    private boolean[] pressed;

    ElevatorDriver(
            Elevator elevator, Decider decider, PdCommands commands, DriverEvents events, DriverMetrics metrics) {
        this.elevator = elevator;
        this.decider = decider;
        this.commands = commands;
        this.feedback = new Feedback(commands);
        this.events = events;
        this.metrics = metrics;
        this.presentations = new Presentations(elevator.id());
        this.lobby = lobby(elevator);
        Map<Integer, Integer> byInput = new TreeMap<>();
        elevator.floorInputs().forEach((floor, input) -> byInput.put(input, floor));
        this.floorOfInput = Collections.unmodifiableMap(byInput);
        List<Output> on = new ArrayList<>();
        List<Output> off = new ArrayList<>();
        new TreeMap<>(elevator.floorOutputs()).values().forEach(o -> {
            on.add(Output.on(o));
            off.add(new Output(o, Action.PERMANENT_OFF_AFTER_TIMED, 0));
        });
        this.releaseAll = new OutputControl(on);
        this.restoreAll = new OutputControl(off);
    }

    /** Floor 1 when served, else the lowest public floor, else the lowest floor served. */
    static int lobby(Elevator e) {
        if (e.floorOutputs().containsKey(1)) {
            return 1;
        }
        return e.publicFloors().stream()
                .mapToInt(Integer::intValue)
                .min()
                .orElseGet(() -> e.floorOutputs().keySet().stream()
                        .mapToInt(Integer::intValue)
                        .min()
                        .orElse(1));
    }

    Elevator elevator() {
        return elevator;
    }

    synchronized void card(int reader, CardRead read, Instant at, long t0) {
        AccessRequest r = presentations.card(read, at);
        answer(reader, r, decider.decide(r), read.credential() == null, at, t0);
    }

    synchronized void keypad(int reader, String keys, Instant at, long t0) {
        AccessRequest r = presentations.keys(keys, at);
        if (r != null) {
            answer(reader, r, decider.decide(r), false, at, t0);
        }
    }

    private void answer(int reader, AccessRequest r, Decision d, boolean badParity, Instant at, long t0) {
        if (d.granted() && d.actuation() instanceof Actuation.Floors f && !badParity) {
            if (!fireHold) {
                enable(f, t0);
            }
            rides.granted(d, f.floors(), at, f.enableFor());
            feedback.granted(elevator.reader(), reader, f.enableFor());
        } else if (d.reason() == Reason.PIN_REQUIRED) {
            presentations.awaitPin(r, at);
            feedback.pinPrompt(elevator.reader(), reader);
        } else {
            metrics.elevator.denied(d.reason());
            feedback.denied(elevator.reader(), reader);
        }
    }

    /** One OUT with a timed record per floor: the floors open and close together. */
    private void enable(Actuation.Floors f, long t0) {
        List<Output> outputs = new ArrayList<>(f.outputs().size());
        for (int o : f.outputs()) {
            outputs.add(Output.pulse(o, f.enableFor()));
        }
        metrics.elevator.actuated(Cause.GRANT);
        commands.send(elevator.relays(), new OutputControl(outputs)).thenAccept(res -> {
            if (res.sentNanos() > 0) {
                metrics.elevator.cardToOut(res.sentNanos() - t0);
            }
            if (!res.ok()) {
                metrics.elevator.failed(res.status());
                log.warn("{}: floors {} not enabled: {} {}", elevator.id(), f.floors(), res.status(), res.detail());
            }
        });
    }

    /** Input states of the relay board: a floor button going active may be a ride. */
    synchronized void inputs(InputStatus s, Instant at) {
        boolean[] now = new boolean[s.count()];
        for (int i = 0; i < now.length; i++) {
            now[i] = s.active(i);
        }
        boolean[] before = pressed;
        pressed = now;
        if (before == null) {
            return;
        }
        floorOfInput.forEach((input, floor) -> {
            if (input < now.length && now[input] && (input >= before.length || !before[input])) {
                press(floor, at);
            }
        });
    }

    private void press(int floor, Instant at) {
        Rides.Grant g = rides.pressed(floor, at);
        if (g == null) {
            log.debug("{}: floor {} pressed, no grant covers it", elevator.id(), floor);
            return;
        }
        metrics.ride();
        events.ride(elevator, g.decision(), floor == lobby ? null : lobby, floor, g.at(), at);
    }

    /** The relay board came (back) online: it gets the floors' permanent state, which it may have lost. */
    synchronized void relaysOnline() {
        send(fireHold ? releaseAll : restoreAll, fireHold ? "floors held enabled" : "floors back under card control");
    }

    /** Fire mode began or ended; {@code actuate} is false at startup, when the buses are not running yet. */
    synchronized void fire(boolean on, boolean actuate) {
        if (!elevator.releaseOnFire() || on == fireHold) {
            return;
        }
        fireHold = on;
        if (actuate) {
            metrics.elevator.actuated(Cause.FIRE);
            send(on ? releaseAll : restoreAll, on ? "fire mode: every floor enabled" : "fire mode over");
        }
        log.warn(
                "{}: {}",
                elevator.id(),
                on ? "fire mode: card control released, every floor enabled" : "fire mode over: card control back");
    }

    private void send(OutputControl out, String what) {
        commands.send(elevator.relays(), out).thenAccept(r -> {
            if (!r.ok()) {
                metrics.elevator.failed(r.status());
                log.warn("{}: {} not carried out: {} {}", elevator.id(), what, r.status(), r.detail());
            }
        });
    }
}

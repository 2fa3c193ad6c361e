package io.courtyard.device.drivers;

import io.courtyard.access.Actuation;
import io.courtyard.access.Decision;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.ElevatorControl;
import io.courtyard.device.Decider;
import io.courtyard.device.drivers.DriverMetrics.Cause;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.Reply.InputStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One elevator car's card control (梯控): a card is decided and answered by enabling exactly the
 * decision's floors (their relay outputs, for the decision's {@code enableFor}) with green and a
 * beep, or by red and two beeps. A floor button pressed while a grant has it enabled is that
 * holder's ride ({@link Rides}), journaled as a RIDE event. Fire mode (with {@code releaseOnFire})
 * enables every floor until it ends.
 *
 * <p>With {@code control: select} (层控) the driver also presses the destination for the passenger
 * through its select output (a relay wired across that floor's button), once the enabling OUT is
 * acknowledged: when the grant leaves exactly one floor besides the public ones (a resident's home),
 * or one floor in all. With several private floors (staff, a visitor pass listing floors) it cannot
 * know which one is wanted and presses none. The selection is the grant's ride, marked
 * {@code "selected": true}; a later press of a button is then nobody's ride.
 *
 * <p>A car reader cannot know where the car stands. A ride's {@code fromFloor} is the lobby —
 * floor 1 when the car serves it, else its lowest public floor, else its lowest floor — and is
 * marked {@code fromKnown: false}; a ride to the lobby itself has no {@code fromFloor}.
 *
 * <p>Threads and locking as in {@link GateDriver}.
 */
final class ElevatorDriver extends ReaderDriver {
    private static final Logger log = LoggerFactory.getLogger(ElevatorDriver.class);

    private final Elevator elevator;
    private final PdCommands commands;
    private final DriverEvents events;
    private final DriverMetrics metrics;
    private final Clock clock;
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
            Elevator elevator,
            Decider decider,
            PdCommands commands,
            DriverEvents events,
            DriverMetrics metrics,
            ScheduledExecutorService timers,
            Clock clock) {
        super(elevator.id(), elevator.reader(), decider, commands, metrics.elevator, timers, clock);
        this.elevator = elevator;
        this.commands = commands;
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
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

    @Override
    public Duration grant(Decision d, boolean badParity, Instant at, long t0) {
        if (!(d.actuation() instanceof Actuation.Floors f) || badParity) {
            return null;
        }
        rides.granted(d, f.floors(), at, f.enableFor());
        if (!fireHold) {
            enable(d, f, at, t0);
        }
        return f.enableFor();
    }

    /** One OUT with a timed record per floor: the floors open and close together; then the selection, if any. */
    private void enable(Decision d, Actuation.Floors f, Instant at, long t0) {
        List<Output> outputs = new ArrayList<>(f.outputs().size());
        for (int o : f.outputs()) {
            outputs.add(Output.pulse(o, f.enableFor()));
        }
        metrics.elevator.actuated(Cause.GRANT);
        Integer destination = elevator.control() == ElevatorControl.SELECT ? destination(f.floors()) : null;
        commands.send(elevator.relays(), new OutputControl(outputs)).thenAccept(res -> {
            if (res.sentNanos() > 0) {
                metrics.elevator.cardToOut(res.sentNanos() - t0);
            }
            if (!res.ok()) {
                metrics.elevator.failed(res.status());
                log.warn("{}: floors {} not enabled: {} {}", elevator.id(), f.floors(), res.status(), res.detail());
            } else if (destination != null) {
                // After the enable is in: a press on a button not yet enabled would go nowhere.
                select(d, destination, at);
            }
        });
    }

    /**
     * The floor to press for the passenger: the only floor besides the public ones (which everyone who
     * may ride has), or the only floor; null when the grant leaves a choice.
     */
    Integer destination(List<Integer> floors) {
        Integer only = null;
        for (int f : floors) {
            if (!elevator.publicFloors().contains(f)) {
                if (only != null) {
                    return null;
                }
                only = f;
            }
        }
        if (only == null && floors.size() == 1) {
            only = floors.get(0);
        }
        return only == null || !elevator.selectOutputs().containsKey(only) ? null : only;
    }

    private void select(Decision d, int floor, Instant at) {
        synchronized (this) {
            if (fireHold) {
                return;
            }
            metrics.elevator.actuated(Cause.SELECT);
        }
        Output press = Output.pulse(elevator.selectOutputs().get(floor), elevator.selectPulse());
        commands.send(elevator.relays(), OutputControl.of(press)).thenAccept(res -> {
            if (!res.ok()) {
                metrics.elevator.failed(res.status());
                log.warn("{}: floor {} not selected: {} {}", elevator.id(), floor, res.status(), res.detail());
                return;
            }
            selected(d, floor, at);
        });
    }

    /** The selection was made: it is the grant's ride, unless the passenger pressed a button first. */
    private synchronized void selected(Decision d, int floor, Instant at) {
        Rides.Grant g = rides.take(d);
        if (g != null) {
            metrics.ride();
            events.ride(elevator, d, floor == lobby ? null : lobby, floor, g.at(), clock.instant(), true);
        }
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
        events.ride(elevator, g.decision(), floor == lobby ? null : lobby, floor, g.at(), at, false);
    }

    /** The relay board came (back) online: it gets the floors' permanent state, which it may have lost. */
    synchronized void relaysOnline() {
        send(
                elevator.relays(),
                fireHold ? releaseAll : restoreAll,
                fireHold ? "floors held enabled" : "floors back under card control");
    }

    /** Fire mode began or ended; {@code actuate} is false at startup, when the buses are not running yet. */
    synchronized void fire(boolean on, boolean actuate) {
        if (!elevator.releaseOnFire() || on == fireHold) {
            return;
        }
        fireHold = on;
        if (actuate) {
            metrics.elevator.actuated(Cause.FIRE);
            send(
                    elevator.relays(),
                    on ? releaseAll : restoreAll,
                    on ? "fire mode: every floor enabled" : "fire mode over");
        }
        log.warn(
                "{}: {}",
                elevator.id(),
                on ? "fire mode: card control released, every floor enabled" : "fire mode over: card control back");
    }
}

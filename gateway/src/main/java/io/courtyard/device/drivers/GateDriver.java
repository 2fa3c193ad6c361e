package io.courtyard.device.drivers;

import io.courtyard.access.Actuation;
import io.courtyard.access.Decision;
import io.courtyard.command.Outcome;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.device.Decider;
import io.courtyard.device.DeviceCommands;
import io.courtyard.device.drivers.DriverMetrics.Cause;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.journal.event.GateInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pedestrian gate: a card (or a card and its PIN, or a visitor code) is decided ({@link Presenter})
 * and answered with a strike pulse, green and a short beep, or with red and two long beeps; the exit button
 * releases the strike too, since the gateway is the only one driving it; the door contact raises
 * door-forced-open and door-held-open alarms ({@link Door}); fire mode holds the strike released.
 *
 * <p>Called on the event loops of the reader's and the I/O board's buses (which may differ), on the
 * emergency notifier's thread, on the command worker's and on the drivers' timer: a short lock per gate orders them. Nothing
 * under it blocks — the decision reads memory, commands and journal appends are queued.
 */
final class GateDriver extends ReaderDriver {
    /** After a release, how long the door contact's report may take to say "opened": a poll, a slow hand. */
    static final Duration OPEN_SLACK = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(GateDriver.class);

    private final Gate gate;
    private final PdCommands commands;
    private final DriverEvents events;
    private final DriverMetrics.Family metrics;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Door door;
    private final OutputControl pulse;
    private final OutputControl hold;
    private final OutputControl unhold;
    private boolean fireHold;
    /** The exit button's last state; null until the first report, which is no request. */
    private Boolean exitPressed;

    private boolean inputsMissing;
    private boolean doorReported;
    private ScheduledFuture<?> heldCheck;

    GateDriver(
            Gate gate,
            Decider decider,
            PdCommands commands,
            DriverEvents events,
            DriverMetrics.Family metrics,
            ScheduledExecutorService timers,
            Clock clock) {
        super(gate.id(), gate.reader(), decider, commands, metrics, timers, clock);
        this.gate = gate;
        this.commands = commands;
        this.events = events;
        this.metrics = metrics;
        this.timers = timers;
        this.clock = clock;
        this.door = new Door(gate.heldOpenAfter());
        this.pulse = OutputControl.of(Output.pulse(gate.strikeOutput(), gate.pulse()));
        this.hold = OutputControl.of(Output.on(gate.strikeOutput()));
        // "After timed": a pulse under way when fire mode ends still runs out.
        this.unhold = OutputControl.of(new Output(gate.strikeOutput(), Action.PERMANENT_OFF_AFTER_TIMED, 0));
    }

    Gate gate() {
        return gate;
    }

    @Override
    public Duration grant(Decision d, boolean badParity, Instant at, long t0) {
        Duration length = d.actuation() instanceof Actuation.Pulse p ? p.length() : gate.pulse();
        // A bad-parity read is granted only by fire mode, when the strike is held released anyway.
        if (!fireHold && !badParity) {
            strike(
                    Cause.GRANT,
                    length.equals(gate.pulse()) ? pulse : OutputControl.of(Output.pulse(gate.strikeOutput(), length)),
                    t0);
        }
        // From the later of the card and now: a grant that waited for the journal opens from now.
        Instant now = clock.instant();
        door.allow((now.isAfter(at) ? now : at).plus(length).plus(OPEN_SLACK));
        return length;
    }

    /**
     * A signed remote command: the strike pulses once, as for a grant, and the door may open within
     * the pulse without a forced-open alarm. Completes once the I/O PD answered the OUT.
     */
    synchronized CompletableFuture<Outcome> open(Instant at) {
        events.gateState(gate, GateInput.Change.REMOTE_OPEN, at);
        door.allow(at.plus(gate.pulse()).plus(OPEN_SLACK));
        if (fireHold) {
            return CompletableFuture.completedFuture(Outcome.done("the strike is held released by fire mode"));
        }
        metrics.actuated(Cause.REMOTE);
        return commands.send(gate.io(), pulse).thenApply(r -> {
            if (!r.ok()) {
                metrics.failed(r.status());
            }
            return DeviceCommands.outcome(
                    r, "strike released for " + gate.pulse().toMillis() + " ms");
        });
    }

    /** Input states of the gate's I/O PD: the exit button first, so that it allows an opening in the same report. */
    synchronized void inputs(InputStatus s, Instant at) {
        if (gate.exitInput().isPresent() && readable(s, gate.exitInput().get())) {
            boolean pressed = s.active(gate.exitInput().get());
            if (pressed && Boolean.FALSE.equals(exitPressed)) {
                events.gateState(gate, GateInput.Change.EXIT_REQUEST, at);
                door.allow(at.plus(gate.pulse()).plus(OPEN_SLACK));
                if (!fireHold) {
                    strike(Cause.EXIT_REQUEST, pulse, 0);
                }
            }
            exitPressed = pressed;
        }
        if (gate.doorInput().isPresent() && readable(s, gate.doorInput().get())) {
            boolean open = s.active(gate.doorInput().get());
            // The first report is journaled too: it is the state the next change starts from.
            if (!doorReported || door.isOpen() != open) {
                events.gateState(gate, open ? GateInput.Change.DOOR_OPEN : GateInput.Change.DOOR_CLOSED, at);
                doorReported = true;
            }
            for (Door.Change c : door.report(open, at)) {
                alarm(c);
            }
            armHeldCheck();
        }
    }

    /** The I/O PD came (back) online: it gets the strike's permanent state, which it may have lost. */
    synchronized void ioOnline() {
        send(gate.io(), fireHold ? hold : unhold, "strike " + (fireHold ? "hold" : "release"));
    }

    /** Fire mode began or ended; {@code actuate} is false at startup, when the buses are not running yet. */
    synchronized void fire(boolean on, Instant at, boolean actuate) {
        if (!gate.openOnFire() || on == fireHold) {
            return;
        }
        fireHold = on;
        door.release(on, at);
        if (actuate) {
            metrics.actuated(Cause.FIRE);
            send(gate.io(), on ? hold : unhold, on ? "fire mode: strike held released" : "fire mode over: strike back");
        }
        armHeldCheck();
        log.warn("{}: {}", gate.id(), on ? "fire mode: strike held released" : "fire mode over: strike back in use");
    }

    private void strike(Cause cause, OutputControl out, long t0) {
        metrics.actuated(cause);
        commands.send(gate.io(), out).thenAccept(r -> {
            if (t0 != 0 && r.sentNanos() > 0) {
                metrics.cardToOut(r.sentNanos() - t0);
            }
            if (!r.ok()) {
                metrics.failed(r.status());
                log.warn(
                        "{}: strike pulse ({}) not carried out: {} {}", gate.id(), cause.tag(), r.status(), r.detail());
            }
        });
    }

    private void alarm(Door.Change c) {
        events.door(gate, c);
        if (c.raised()) {
            metrics.alarm(c.alarm().tag());
            log.warn("{}: ALARM {} (opened at {})", gate.id(), c.alarm().tag(), c.openedAt());
        } else {
            log.info("{}: {} cleared, the door closed", gate.id(), c.alarm().tag());
        }
    }

    /** Keeps one timer for the current opening's held-open check, and none when no check is due. */
    private void armHeldCheck() {
        Instant due = door.heldCheckAt();
        if (heldCheck != null) {
            heldCheck.cancel(false);
            heldCheck = null;
        }
        if (due == null) {
            return;
        }
        long opening = door.opening();
        // One millisecond late rather than early: an early check finds nothing and must be re-armed.
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis()) + 1;
        try {
            heldCheck = timers.schedule(() -> heldCheck(opening), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            heldCheck = null;
        }
    }

    private synchronized void heldCheck(long opening) {
        heldCheck = null;
        Door.Change c = door.check(opening, clock.instant());
        if (c != null) {
            alarm(c);
        } else if (opening == door.opening()) {
            armHeldCheck();
        }
    }

    private boolean readable(InputStatus s, int input) {
        if (input < s.count()) {
            return true;
        }
        if (!inputsMissing) {
            inputsMissing = true;
            log.warn(
                    "{}: the I/O PD reports {} inputs, the configuration names input {}: door and exit are not watched",
                    gate.id(),
                    s.count(),
                    input);
        }
        return false;
    }
}

package io.courtyard.device.drivers;

import io.courtyard.access.Actuation;
import io.courtyard.access.Decision;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.HallCall;
import io.courtyard.device.Decider;
import io.courtyard.device.drivers.DriverMetrics.Cause;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One landing reader of an elevator (呼梯): whoever the car would take somewhere may call it here,
 * and a grant enables this landing's hall call button for the decision's {@code enableFor}, with
 * green and a beep; a denial enables nothing. Fire mode with the elevator's {@code releaseOnFire}
 * holds the button enabled until it ends. Threads and locking as in {@link GateDriver}.
 */
final class HallCallDriver extends ReaderDriver {
    private static final Logger log = LoggerFactory.getLogger(HallCallDriver.class);

    private final Elevator elevator;
    private final HallCall hall;
    private final PdCommands commands;
    private final DriverMetrics.Family metrics;
    private final OutputControl hold;
    private final OutputControl unhold;
    private boolean fireHold;

    HallCallDriver(
            Elevator elevator,
            HallCall hall,
            Decider decider,
            PdCommands commands,
            DriverMetrics.Family metrics,
            ScheduledExecutorService timers,
            Clock clock) {
        super(hall.id(), hall.reader(), decider, commands, metrics, timers, clock);
        this.elevator = elevator;
        this.hall = hall;
        this.commands = commands;
        this.metrics = metrics;
        this.hold = OutputControl.of(Output.on(hall.output()));
        this.unhold = OutputControl.of(new Output(hall.output(), Action.PERMANENT_OFF_AFTER_TIMED, 0));
    }

    HallCall hall() {
        return hall;
    }

    Elevator elevator() {
        return elevator;
    }

    @Override
    public Duration grant(Decision d, boolean badParity, Instant at, long t0) {
        if (!(d.actuation() instanceof Actuation.HallCall h) || badParity) {
            return null;
        }
        if (!fireHold) {
            metrics.actuated(Cause.HALL_CALL);
            commands.send(hall.io(), OutputControl.of(Output.pulse(h.output(), h.enableFor())))
                    .thenAccept(r -> {
                        if (r.sentNanos() > 0 && t0 != 0) {
                            metrics.cardToOut(r.sentNanos() - t0);
                        }
                        if (!r.ok()) {
                            metrics.failed(r.status());
                            log.warn("{}: hall call not enabled: {} {}", hall.id(), r.status(), r.detail());
                        }
                    });
        }
        return h.enableFor();
    }

    /** The landing's I/O PD came (back) online: it gets the button's permanent state. */
    synchronized void ioOnline() {
        send(
                hall.io(),
                fireHold ? hold : unhold,
                fireHold ? "hall call held enabled" : "hall call back under card control");
    }

    /** Fire mode began or ended; {@code actuate} is false at startup, when the buses are not running yet. */
    synchronized void fire(boolean on, boolean actuate) {
        if (!elevator.releaseOnFire() || on == fireHold) {
            return;
        }
        fireHold = on;
        if (actuate) {
            metrics.actuated(Cause.FIRE);
            send(hall.io(), on ? hold : unhold, on ? "fire mode: hall call held enabled" : "fire mode over");
        }
    }
}

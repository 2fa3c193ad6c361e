package io.courtyard.device.drivers;

import io.courtyard.access.Decision;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.Decider;
import io.courtyard.device.card.CardRead;
import io.courtyard.device.osdp.OutputControl;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gate, car and landing drivers share: a reader whose cards and keys a {@link Presenter}
 * turns into decisions, one lock per device ({@code this}), the meters of the device's family, and
 * sending a command whose failure is logged and counted. Subclasses actuate a grant.
 */
abstract class ReaderDriver implements Presenter.Owner {
    private static final Logger log = LoggerFactory.getLogger(ReaderDriver.class);

    private final String id;
    private final PdCommands commands;
    private final DriverMetrics.Family family;
    private final Presenter presenter;

    ReaderDriver(
            String id,
            PdRef reader,
            Decider decider,
            PdCommands commands,
            DriverMetrics.Family family,
            ScheduledExecutorService timers,
            Clock clock) {
        this.id = id;
        this.commands = commands;
        this.family = family;
        this.presenter = new Presenter(id, reader, decider, new Feedback(commands), this, this, timers, clock);
    }

    /** A card at the device's reader; {@code t0} is {@link System#nanoTime()} when it reached the drivers. */
    final synchronized void card(int reader, CardRead read, Instant at, long t0) {
        presenter.card(reader, read, at, t0);
    }

    /** Keys at the device's reader: a PIN after a card, or a visitor's code, each ended by '#'. */
    final synchronized void keypad(int reader, String keys, Instant at, long t0) {
        presenter.keypad(reader, keys, at, t0);
    }

    @Override
    public void denied(Decision d) {
        family.denied(d.reason());
    }

    /** Sends {@code out} to {@code pd}; a PD that does not carry it out is logged and counted. */
    final void send(PdRef pd, OutputControl out, String what) {
        commands.send(pd, out).thenAccept(r -> {
            if (!r.ok()) {
                family.failed(r.status());
                log.warn("{}: {} not carried out: {} {}", id, what, r.status(), r.detail());
            }
        });
    }
}

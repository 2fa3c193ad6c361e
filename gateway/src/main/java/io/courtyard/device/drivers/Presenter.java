package io.courtyard.device.drivers;

import io.courtyard.access.AccessRequest;
import io.courtyard.access.Decision;
import io.courtyard.access.Reason;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.device.Decider;
import io.courtyard.device.card.CardRead;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's reader as people use it: cards, PINs and visitor codes become requests
 * ({@link Presentations}), each is decided, and the answer is shown — a grant is the owning driver's
 * to actuate; a PIN prompt, its timeout and every denial are shown here. Shared by the gate, car and
 * landing drivers.
 *
 * <p>Runs under the owning driver's lock. A decision that waits for the journal (a limited pass's
 * entry) is answered later, on the journal's thread, which takes the same lock first.
 */
final class Presenter {
    private static final Logger log = LoggerFactory.getLogger(Presenter.class);

    /** The driver behind the reader. */
    interface Owner {
        /**
         * A granted decision: actuate it. Returns how long the reader shows green (the door or the
         * buttons are released that long), or null when nothing was released, which shows as a denial.
         */
        Duration grant(Decision d, boolean badParity, Instant at, long t0);

        /** A denial, for the driver's meters. */
        void denied(Decision d);
    }

    private final String device;
    private final PdRef reader;
    private final Decider decider;
    private final Feedback feedback;
    private final Owner owner;
    private final Object lock;
    private final ScheduledExecutorService timers;
    private final Clock clock;
    private final Presentations presentations;
    private ScheduledFuture<?> pinTimer;

    Presenter(
            String device,
            PdRef reader,
            Decider decider,
            Feedback feedback,
            Owner owner,
            Object lock,
            ScheduledExecutorService timers,
            Clock clock) {
        this.device = device;
        this.reader = reader;
        this.decider = decider;
        this.feedback = feedback;
        this.owner = owner;
        this.lock = lock;
        this.timers = timers;
        this.clock = clock;
        this.presentations = new Presentations(device);
    }

    /** A card at reader {@code number}; {@code t0} is {@link System#nanoTime()} when it reached the drivers. */
    void card(int number, CardRead read, Instant at, long t0) {
        AccessRequest r = presentations.card(read, at);
        armPinTimer(number);
        // Nothing readable (bad parity, a raw read of no length or too long): never actuated, even if granted.
        decide(number, r, read.credential() == null, t0);
    }

    /** Keys at reader {@code number}: a PIN after a card, or a visitor's code, each ended by '#'. */
    void keypad(int number, String keys, Instant at, long t0) {
        AccessRequest timedOut = presentations.expire(at);
        if (timedOut != null) {
            decide(number, timedOut, false, 0);
        }
        Presentations.Keys k = presentations.keys(keys, at);
        if (k instanceof Presentations.Entered e) {
            decide(number, e.request(), false, t0);
        } else if (k instanceof Presentations.LatePin) {
            // Discarded undecided: the card was already refused for its timeout. Red, so they know.
            feedback.denied(reader, number);
        }
        armPinTimer(number);
    }

    private void decide(int number, AccessRequest r, boolean badParity, long t0) {
        decider.decide(r)
                .thenAccept(d -> {
                    synchronized (lock) {
                        answer(number, r, d, badParity, t0);
                    }
                })
                .exceptionally(e -> {
                    log.error("{}: answering a decision failed", device, e);
                    return null;
                });
    }

    private void answer(int number, AccessRequest r, Decision d, boolean badParity, long t0) {
        if (d.granted()) {
            Duration green = owner.grant(d, badParity, r.at(), t0);
            if (green != null) {
                feedback.granted(reader, number, green);
                return;
            }
        } else if (d.reason() == Reason.PIN_REQUIRED) {
            presentations.awaitPin(r, r.at());
            feedback.pinPrompt(reader, number);
            armPinTimer(number);
            return;
        }
        owner.denied(d);
        feedback.denied(reader, number);
    }

    /** Keeps one timer for the PIN prompt's deadline, none when no card waits for its PIN. */
    private void armPinTimer(int number) {
        if (pinTimer != null) {
            pinTimer.cancel(false);
            pinTimer = null;
        }
        Instant due = presentations.pinDeadline();
        if (due == null) {
            return;
        }
        // One millisecond late rather than early: an early check finds the prompt still open.
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis()) + 1;
        try {
            pinTimer = timers.schedule(() -> pinTimeout(number), delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            pinTimer = null;
        }
    }

    private void pinTimeout(int number) {
        synchronized (lock) {
            pinTimer = null;
            AccessRequest timedOut = presentations.expire(clock.instant());
            if (timedOut != null) {
                decide(number, timedOut, false, 0);
            } else {
                armPinTimer(number);
            }
        }
    }
}

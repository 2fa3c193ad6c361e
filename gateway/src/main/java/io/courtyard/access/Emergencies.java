package io.courtyard.access;

import io.courtyard.journal.EventSink;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and clears the emergency modes. Each change is an ALARM event in the journal (which is
 * also how a restart finds the modes again) and is handed to the device adapters, which hold
 * open the gates and barriers of {@link SiteLayout#openOnFire()} and release elevator control.
 * A mode stays until it is cleared explicitly: a fire panel's input going quiet is no all-clear.
 *
 * <p>A change takes effect at once (doors open in a fire without waiting for a disk) and its
 * future completes once its event is durable: a caller that reports a change as done — a command's
 * result — waits for that, since a crash before the commit would forget a lockdown on restart. When
 * the journal refuses the event the mode stays in force in memory, and the same raise or clear
 * repeated records it again.
 */
public final class Emergencies {
    private static final Logger log = LoggerFactory.getLogger(Emergencies.class);

    private final AccessState state;
    private final SiteLayout site;
    private final EventSink events;
    private final Clock clock;
    private final List<Consumer<Emergency>> listeners = new CopyOnWriteArrayList<>();
    /**
     * Serializes a change with its notification: otherwise a raise and a clear racing could hand
     * the listeners the older state last, and a gate driver keep doors open after the all-clear.
     */
    private final Object changes = new Object();
    /** The latest record of each mode's change; a failed one is written again by the next same change. */
    private final Map<EmergencyMode, CompletableFuture<?>> records = new EnumMap<>(EmergencyMode.class);

    public Emergencies(AccessState state, SiteLayout site, EventSink events, Clock clock) {
        this.state = state;
        this.site = site;
        this.events = events;
        this.clock = clock;
    }

    /** Device adapters subscribe here to actuate on every change of the modes in force. */
    public void subscribe(Consumer<Emergency> listener) {
        listeners.add(listener);
    }

    public Emergency current() {
        return state.emergency();
    }

    /**
     * Raises {@code mode} at once; the future completes with false when it was already in force
     * (and recorded), with true once the change is durable, exceptionally when the journal refused it.
     *
     * @param source what raised it: {@code input:DEVICE}, {@code upstream}, {@code operator:NAME}
     */
    public CompletableFuture<Boolean> raise(EmergencyMode mode, String source) {
        synchronized (changes) {
            return raiseLocked(mode, source);
        }
    }

    private CompletableFuture<Boolean> raiseLocked(EmergencyMode mode, String source) {
        Instant now = clock.instant();
        Emergency before;
        Emergency after;
        do {
            before = state.emergency();
            if (before.active().containsKey(mode)) {
                Emergency.Activation a = before.active().get(mode);
                // Recorded again, if need be, as it was raised: the same source and time survive a restart.
                return unchanged(mode, "raised", a.source(), a.since());
            }
            after = before.with(mode, new Emergency.Activation(now, source));
        } while (!state.compareAndSetEmergency(before, after));
        log.warn(
                "EMERGENCY {} raised by {}{}",
                mode.tag(),
                source,
                mode == EmergencyMode.FIRE ? ": opening " + site.openOnFire() : ": staff only");
        CompletableFuture<Boolean> recorded = record(mode, "raised", source, now);
        notifyListeners(after);
        return recorded;
    }

    /** Clears {@code mode} at once; the future as for {@link #raise}. */
    public CompletableFuture<Boolean> clear(EmergencyMode mode, String source) {
        synchronized (changes) {
            return clearLocked(mode, source);
        }
    }

    private CompletableFuture<Boolean> clearLocked(EmergencyMode mode, String source) {
        Instant now = clock.instant();
        Emergency before;
        Emergency after;
        do {
            before = state.emergency();
            if (!before.active().containsKey(mode)) {
                return unchanged(mode, "cleared", source, now);
            }
            after = before.with(mode, null);
        } while (!state.compareAndSetEmergency(before, after));
        log.warn("EMERGENCY {} cleared by {}", mode.tag(), source);
        CompletableFuture<Boolean> recorded = record(mode, "cleared", source, now);
        notifyListeners(after);
        return recorded;
    }

    /**
     * The mode is already as asked. Its last record may have failed (a full disk) or be under way:
     * a failed one is written again, so that repeating a command is how a caller makes it durable.
     */
    private CompletableFuture<Boolean> unchanged(EmergencyMode mode, String change, String source, Instant at) {
        CompletableFuture<?> last = records.get(mode);
        if (last != null && last.isCompletedExceptionally()) {
            log.warn("EMERGENCY {} {}: recording it again, the last record failed", mode.tag(), change);
            return record(mode, change, source, at).thenApply(ok -> false);
        }
        return last == null ? CompletableFuture.completedFuture(false) : last.thenApply(ok -> false);
    }

    private CompletableFuture<Boolean> record(EmergencyMode mode, String change, String source, Instant at) {
        CompletableFuture<?> f =
                events.append(AccessEvents.emergency(mode, change.equals("raised"), source, site.openOnFire(), at));
        records.put(mode, f);
        f.whenComplete((ok, e) -> {
            if (e != null) {
                log.error(
                        "emergency {} {} could not be journaled (in force in memory; repeat it to record it): {}",
                        mode.tag(),
                        change,
                        e.toString());
            }
        });
        return f.thenApply(ok -> true);
    }

    private void notifyListeners(Emergency e) {
        for (Consumer<Emergency> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                log.error("emergency listener failed: {}", ex.toString());
            }
        }
    }
}

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
 * <p>A mode raised by a local input (source {@code input:DEVICE}, such as a fire panel's contact)
 * outranks everyone away from it: a clear by the platform (source {@code upstream:…}) or by an
 * operator on the dashboard ({@code operator:NAME}) is refused with {@link HeldLocallyException},
 * and a local raise of a mode raised elsewhere makes the input its holder. Only a local source ends
 * it then: whoever resets the panel has seen the building.
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

    /** A remote clear of a mode that a local input holds. */
    public static final class HeldLocallyException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        HeldLocallyException(EmergencyMode mode, String holder) {
            super(mode.tag() + " was raised by " + holder + "; only a local clear ends it");
        }
    }

    /** A local input on site: a fire panel's contact, a lockdown switch. */
    static boolean local(String source) {
        return source.startsWith("input:");
    }

    /** The platform through a signed command, or an operator on the dashboard: not at the input. */
    static boolean remote(String source) {
        return !local(source);
    }

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

    /** The gates, barriers and elevators that fire mode opens, as its events list them. */
    public List<String> opensOnFire() {
        return site.openOnFire();
    }

    /** Whether a local input holds {@code mode} now, so that only a local clear ends it. */
    public boolean heldLocally(EmergencyMode mode) {
        Emergency.Activation a = state.emergency().active().get(mode);
        return a != null && local(a.source());
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
        while (true) {
            Emergency before = state.emergency();
            Emergency.Activation a = before.active().get(mode);
            if (a == null) {
                Emergency after = before.with(mode, new Emergency.Activation(now, source));
                if (state.compareAndSetEmergency(before, after)) {
                    log.warn(
                            "EMERGENCY {} raised by {}{}",
                            mode.tag(),
                            source,
                            mode == EmergencyMode.FIRE ? ": opening " + site.openOnFire() : ": staff only");
                    CompletableFuture<Boolean> recorded = record(mode, "raised", source, now);
                    notifyListeners(after);
                    return recorded;
                }
            } else if (local(source) && !local(a.source())) {
                // The input now holds it, from the time it was raised: a restart finds the same.
                if (state.compareAndSetEmergency(
                        before, before.with(mode, new Emergency.Activation(a.since(), source)))) {
                    log.warn("EMERGENCY {} confirmed by {}: only a local clear ends it now", mode.tag(), source);
                    return record(mode, "raised", source, a.since()).thenApply(ok -> false);
                }
            } else {
                // Recorded again, if need be, as it was raised: the same source and time survive a restart.
                return unchanged(mode, "raised", a.source(), a.since());
            }
        }
    }

    /**
     * Clears {@code mode} at once; the future as for {@link #raise}, or failed with
     * {@link HeldLocallyException} when a remote source asks to clear a mode a local input holds.
     */
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
            String holder = before.active().get(mode).source();
            if (remote(source) && local(holder)) {
                log.warn("EMERGENCY {}: clear by {} refused, {} holds it", mode.tag(), source, holder);
                return CompletableFuture.failedFuture(new HeldLocallyException(mode, holder));
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

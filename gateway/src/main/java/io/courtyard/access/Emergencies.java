package io.courtyard.access;

import io.courtyard.journal.EventSink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and clears the emergency modes. Each change is an ALARM event in the journal (which is
 * also how a restart finds the modes again) and is handed to the device adapters, which hold
 * open the gates and barriers of {@link SiteLayout#openOnFire()} and release elevator control.
 * A mode stays until it is cleared explicitly: a fire panel's input going quiet is no all-clear.
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
     * Raises {@code mode}; false when it was already in force.
     *
     * @param source what raised it: {@code input:DEVICE}, {@code upstream}, {@code operator:NAME}
     */
    public boolean raise(EmergencyMode mode, String source) {
        synchronized (changes) {
            return raiseLocked(mode, source);
        }
    }

    private boolean raiseLocked(EmergencyMode mode, String source) {
        Instant now = clock.instant();
        Emergency before;
        Emergency after;
        do {
            before = state.emergency();
            if (before.active().containsKey(mode)) {
                return false;
            }
            after = before.with(mode, new Emergency.Activation(now, source));
        } while (!state.compareAndSetEmergency(before, after));
        log.warn(
                "EMERGENCY {} raised by {}{}",
                mode.tag(),
                source,
                mode == EmergencyMode.FIRE ? ": opening " + site.openOnFire() : ": staff only");
        record(mode, "raised", source, now);
        notifyListeners(after);
        return true;
    }

    /** Clears {@code mode}; false when it was not in force. */
    public boolean clear(EmergencyMode mode, String source) {
        synchronized (changes) {
            return clearLocked(mode, source);
        }
    }

    private boolean clearLocked(EmergencyMode mode, String source) {
        Instant now = clock.instant();
        Emergency before;
        Emergency after;
        do {
            before = state.emergency();
            if (!before.active().containsKey(mode)) {
                return false;
            }
            after = before.with(mode, null);
        } while (!state.compareAndSetEmergency(before, after));
        log.warn("EMERGENCY {} cleared by {}", mode.tag(), source);
        record(mode, "cleared", source, now);
        notifyListeners(after);
        return true;
    }

    private void record(EmergencyMode mode, String change, String source, Instant at) {
        events.append(AccessEvents.emergency(mode, change.equals("raised"), source, site.openOnFire(), at))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        log.error("emergency {} {} could not be journaled: {}", mode.tag(), change, e.toString());
                    }
                });
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

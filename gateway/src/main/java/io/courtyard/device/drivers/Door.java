package io.courtyard.device.drivers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One gate's door as its position contact reports it: which openings were allowed (a grant, an exit
 * request, fire mode) and when an opening becomes an alarm. Pure state over the times it is given,
 * so that the rules are tested without a bus; its gate's lock guards it.
 *
 * <ul>
 *   <li>An opening inside an allowed window is fine; any other opening is <em>forced</em>.
 *   <li>An allowed opening that lasts longer than {@code heldOpenAfter} is <em>held open</em>.
 *   <li>Both alarms are cleared when the door closes again.
 *   <li>The first report after startup sets the state without judging it: a door found open was
 *       opened while nobody watched, so it can be held open but never forced.
 *   <li>While fire mode holds the strike released, every opening is allowed and nothing is held
 *       open; when fire mode ends with the door open, the held-open time starts then.
 * </ul>
 */
final class Door {
    /** The two door alarms, by their wire name. */
    enum Alarm {
        FORCED,
        HELD;

        String tag() {
            return this == FORCED ? "door-forced-open" : "door-held-open";
        }
    }

    /**
     * An alarm raised or cleared.
     *
     * @param openedAt when the door opened, for the event body
     */
    record Change(Alarm alarm, boolean raised, Instant at, Instant openedAt) {
        String state() {
            return raised ? "raised" : "cleared";
        }

        @Override
        public String toString() {
            return alarm.tag() + " " + state().toLowerCase(Locale.ROOT) + " at " + at;
        }
    }

    private final Duration heldOpenAfter;
    private Boolean open;
    private Instant openedAt;
    private Instant allowedUntil = Instant.MIN;
    private boolean released;
    private boolean forced;
    private boolean held;
    /** Counts openings, so that a held-open check scheduled for an earlier one does nothing. */
    private long opening;

    Door(Duration heldOpenAfter) {
        this.heldOpenAfter = heldOpenAfter;
    }

    /** A grant or an exit request released the strike: an opening until {@code until} is allowed. */
    void allow(Instant until) {
        if (until.isAfter(allowedUntil)) {
            allowedUntil = until;
        }
    }

    /** Fire mode holds the strike released ({@code on}) or gives it back ({@code off}) at {@code at}. */
    void release(boolean on, Instant at) {
        if (released && !on && Boolean.TRUE.equals(open)) {
            // The held-open time of a door that fire mode left open runs from the all-clear.
            openedAt = at;
            opening++;
        }
        released = on;
    }

    /** The door contact reports {@code nowOpen}; returns the alarms this raises or clears. */
    List<Change> report(boolean nowOpen, Instant at) {
        List<Change> changes = new ArrayList<>(2);
        if (open == null) {
            open = nowOpen;
            if (nowOpen) {
                openedAt = at;
                opening++;
            }
            return changes;
        }
        if (nowOpen == open) {
            return changes;
        }
        open = nowOpen;
        if (nowOpen) {
            openedAt = at;
            opening++;
            if (!released && at.isAfter(allowedUntil)) {
                forced = true;
                changes.add(new Change(Alarm.FORCED, true, at, openedAt));
            }
        } else {
            if (forced) {
                changes.add(new Change(Alarm.FORCED, false, at, openedAt));
            }
            if (held) {
                changes.add(new Change(Alarm.HELD, false, at, openedAt));
            }
            forced = false;
            held = false;
        }
        return changes;
    }

    /**
     * When the current opening becomes held open, or null when no check is due (closed, forced,
     * already held, or released by fire mode).
     */
    Instant heldCheckAt() {
        return Boolean.TRUE.equals(open) && !forced && !held && !released ? openedAt.plus(heldOpenAfter) : null;
    }

    /** The opening a held-open check is scheduled for. */
    long opening() {
        return opening;
    }

    /** The held-open check of {@code forOpening} fires at {@code now}: the alarm, or null. */
    Change check(long forOpening, Instant now) {
        Instant due = heldCheckAt();
        if (forOpening != opening || due == null || now.isBefore(due)) {
            return null;
        }
        held = true;
        return new Change(Alarm.HELD, true, now, openedAt);
    }

    boolean isOpen() {
        return Boolean.TRUE.equals(open);
    }
}

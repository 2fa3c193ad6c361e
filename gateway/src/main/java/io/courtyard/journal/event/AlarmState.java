package io.courtyard.journal.event;

/** Where an alarm stands: {@code raised} until whatever raised it is over, then {@code cleared}. */
public enum AlarmState {
    RAISED,
    CLEARED;

    public static AlarmState of(boolean raised) {
        return raised ? RAISED : CLEARED;
    }
}

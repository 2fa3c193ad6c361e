package io.courtyard.journal.event;

import java.util.Objects;

/** Checks shared by the records whose producer chooses the topic. */
final class Kinds {
    private Kinds() {}

    static void deviceOrAlarm(EventKind kind) {
        if (Objects.requireNonNull(kind, "kind") != EventKind.DEVICE && kind != EventKind.ALARM) {
            throw new IllegalArgumentException("published as device or alarm, not " + kind.topic());
        }
    }
}

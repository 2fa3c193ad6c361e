package io.courtyard.access;

import java.time.Duration;
import java.util.List;

/** What the device should do on a grant; a denial actuates nothing. */
public sealed interface Actuation {
    /** Nothing moves. */
    Actuation NONE = new None();

    /** A denial. */
    record None() implements Actuation {}

    /** Pulse a gate's door strike for {@code length}. */
    record Pulse(Duration length) implements Actuation {}

    /**
     * Enable these floors' buttons for {@code enableFor}; {@code outputs[i]} is the relay output of
     * {@code floors[i]}, both ascending by floor.
     */
    record Floors(List<Integer> floors, List<Integer> outputs, Duration enableFor) implements Actuation {
        public Floors {
            floors = List.copyOf(floors);
            outputs = List.copyOf(outputs);
        }
    }

    /** Enable a landing's hall call button ({@code output} of its I/O PD) for {@code enableFor}. */
    record HallCall(int floor, int output, Duration enableFor) implements Actuation {}

    /** Raise a barrier. */
    record RaiseBarrier() implements Actuation {}
}

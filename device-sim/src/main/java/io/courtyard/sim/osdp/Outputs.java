package io.courtyard.sim.osdp;

import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.OutputControl.Output;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A PD's outputs (relays) with OSDP 2.2 output-control semantics: a permanent state, and a temporary
 * state that runs for its timer and then gives way to the permanent one. Timers are evaluated
 * lazily against the clock, so nothing needs scheduling. Guarded by the owning PD's lock.
 */
final class Outputs {
    private static final long UNIT_NANOS = 100_000_000L;

    private final boolean[] permanent;
    private final boolean[] temporary;
    private final long[] temporaryUntil;
    private final int[] activations;

    Outputs(int count) {
        permanent = new boolean[count];
        temporary = new boolean[count];
        temporaryUntil = new long[count];
        activations = new int[count];
    }

    /** Power lost: every relay drops, timers and all. */
    void reset() {
        Arrays.fill(permanent, false);
        Arrays.fill(temporary, false);
        Arrays.fill(temporaryUntil, 0);
    }

    int count() {
        return permanent.length;
    }

    /** Applies every record, or none when one names an output this PD lacks. */
    boolean apply(OutputControl control, long now) {
        return apply(control, now, n -> {});
    }

    /**
     * Applies every record, or none when one names an output this PD lacks (then the PD NAKs);
     * {@code switchedOn} hears each output the command turned on.
     */
    boolean apply(OutputControl control, long now, IntConsumer switchedOn) {
        for (Output o : control.outputs()) {
            if (o.number() >= permanent.length) {
                return false;
            }
        }
        for (Output o : control.outputs()) {
            if (apply(o, now)) {
                switchedOn.accept(o.number());
            }
        }
        return true;
    }

    /** Applies one record; true when it switched the output on. */
    private boolean apply(Output o, long now) {
        int n = o.number();
        boolean wasOn = on(n, now);
        switch (o.action()) {
            case NOP -> {}
            case PERMANENT_OFF_ABORT_TIMED -> {
                permanent[n] = false;
                temporaryUntil[n] = now;
            }
            case PERMANENT_ON_ABORT_TIMED -> {
                permanent[n] = true;
                temporaryUntil[n] = now;
            }
            case PERMANENT_OFF_AFTER_TIMED -> permanent[n] = false;
            case PERMANENT_ON_AFTER_TIMED -> permanent[n] = true;
            case TEMPORARY_ON, TEMPORARY_OFF -> {
                temporary[n] = o.action() == OutputControl.Action.TEMPORARY_ON;
                temporaryUntil[n] = now + o.timer() * UNIT_NANOS;
            }
        }
        if (!wasOn && on(n, now)) {
            activations[n]++;
            return true;
        }
        return false;
    }

    boolean on(int n, long now) {
        return temporaryUntil[n] - now > 0 ? temporary[n] : permanent[n];
    }

    boolean[] states(long now) {
        boolean[] s = new boolean[permanent.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = on(i, now);
        }
        return s;
    }

    /** How many times a command switched the output on: a pulse counts once however long it lasts. */
    int activations(int n) {
        return activations[n];
    }
}

package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** osdp_OUT (0x68, OSDP 2.2): drives outputs, e.g. pulses a door strike or enables a floor button. */
public record OutputControl(List<Output> outputs) implements Command {
    public static final int CODE = 0x68;
    private static final int RECORD = 4;

    public OutputControl {
        outputs = List.copyOf(outputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("outputs: none; osdp_OUT takes at least one");
        }
    }

    public static OutputControl of(Output... outputs) {
        return new OutputControl(List.of(outputs));
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        PayloadWriter w = new PayloadWriter(outputs.size() * RECORD);
        for (Output o : outputs) {
            w.u8(o.number()).u8(o.action().wire).u16le(o.timer());
        }
        return w.toBytes();
    }

    static OutputControl read(PayloadReader r) {
        int n = r.records(RECORD);
        List<Output> outputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int number = r.u8();
            int code = r.u8();
            Action action = Action.of(code);
            if (action == null) {
                throw r.malformed("output control code " + code + " is not one of 0..6");
            }
            outputs.add(new Output(number, action, r.u16le()));
        }
        return new OutputControl(outputs);
    }

    /**
     * One output's instruction.
     *
     * @param number output number on the PD, from 0
     * @param timer for the temporary actions, in units of 100 ms (0..65535)
     */
    public record Output(int number, Action action, int timer) {
        public Output {
            Checks.unsignedByte("output number", number);
            Checks.notNull("action", action);
            Checks.range("timer (100 ms units)", timer, 0, 0xFFFF);
        }

        /** On for {@code duration} (rounded up to 100 ms), then back to the permanent state. */
        public static Output pulse(int number, Duration duration) {
            long units = (duration.toMillis() + 99) / 100;
            return new Output(
                    number, Action.TEMPORARY_ON, (int) Checks.range("pulse (100 ms units)", units, 1, 0xFFFF));
        }

        public static Output on(int number) {
            return new Output(number, Action.PERMANENT_ON_ABORT_TIMED, 0);
        }

        public static Output off(int number) {
            return new Output(number, Action.PERMANENT_OFF_ABORT_TIMED, 0);
        }
    }

    /** Output control codes (OSDP 2.2 table). */
    public enum Action {
        NOP(0),
        PERMANENT_OFF_ABORT_TIMED(1),
        PERMANENT_ON_ABORT_TIMED(2),
        PERMANENT_OFF_AFTER_TIMED(3),
        PERMANENT_ON_AFTER_TIMED(4),
        TEMPORARY_ON(5),
        TEMPORARY_OFF(6);

        final int wire;

        Action(int wire) {
            this.wire = wire;
        }

        static Action of(int wire) {
            for (Action a : values()) {
                if (a.wire == wire) {
                    return a;
                }
            }
            return null;
        }
    }
}

package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;
import java.time.Duration;

/**
 * osdp_BUZ (0x6A, OSDP 2.2): reader buzzer. Times in units of 100 ms; count 0 repeats until
 * told otherwise.
 */
public record BuzzerControl(int reader, Tone tone, int onTime, int offTime, int count) implements Command {
    public static final int CODE = 0x6A;

    public BuzzerControl {
        Checks.unsignedByte("reader", reader);
        Checks.notNull("tone", tone);
        Checks.unsignedByte("on time", onTime);
        Checks.unsignedByte("off time", offTime);
        Checks.unsignedByte("count", count);
    }

    /** {@code count} beeps of {@code on}, separated by {@code off}. */
    public static BuzzerControl beep(int reader, Duration on, Duration off, int count) {
        return new BuzzerControl(
                reader, Tone.DEFAULT, units("on", on, 1), units("off", off, 0), Checks.range("count", count, 1, 0xFF));
    }

    public static BuzzerControl silence(int reader) {
        return new BuzzerControl(reader, Tone.OFF, 0, 0, 0);
    }

    private static int units(String field, Duration d, int min) {
        return (int) Checks.range(field + " (100 ms units)", (d.toMillis() + 99) / 100, min, 0xFF);
    }

    @Override
    public int code() {
        return CODE;
    }

    @Override
    public Bytes payload() {
        return Bytes.ofUnsigned(reader, tone.ordinal(), onTime, offTime, count);
    }

    static BuzzerControl read(PayloadReader r) {
        int reader = r.u8();
        int tone = r.u8();
        if (tone >= Tone.values().length) {
            throw r.malformed("tone code " + tone + " is not one of 0..2");
        }
        return new BuzzerControl(reader, Tone.values()[tone], r.u8(), r.u8(), r.u8());
    }

    /** Tone codes (OSDP 2.2); 0 is deprecated but still sent by old panels. */
    public enum Tone {
        NONE,
        OFF,
        DEFAULT
    }
}

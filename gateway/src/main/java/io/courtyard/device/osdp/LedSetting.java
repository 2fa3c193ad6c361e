package io.courtyard.device.osdp;

import java.time.Duration;

/**
 * One LED's instruction in osdp_LED (OSDP 2.2): a temporary state that runs for a timer and a
 * permanent state it falls back to. Times are in units of 100 ms.
 *
 * <p>Readers commonly refuse a "set" whose on and off times are both 0, so the factories here always
 * use an on time above 0; steady on is on &gt; 0 with off = 0.
 */
public record LedSetting(int reader, int led, Temporary temporary, Permanent permanent) {
    /** On time used for steady states: any value above 0 works once off time is 0. */
    private static final int STEADY_ON = 1;

    public LedSetting {
        Checks.unsignedByte("reader", reader);
        Checks.unsignedByte("led", led);
        Checks.notNull("temporary", temporary);
        Checks.notNull("permanent", permanent);
    }

    /** The permanent state becomes steady {@code color}; any temporary state is left alone. */
    public static LedSetting steady(int reader, int led, LedColor color) {
        return new LedSetting(
                reader,
                led,
                Temporary.UNCHANGED,
                new Permanent(PermanentAction.SET, STEADY_ON, 0, color, LedColor.BLACK));
    }

    /** Steady {@code color} for {@code duration} (e.g. green after a grant), then the permanent state. */
    public static LedSetting show(int reader, int led, LedColor color, Duration duration) {
        return new LedSetting(
                reader,
                led,
                new Temporary(TemporaryAction.SET, STEADY_ON, 0, color, LedColor.BLACK, units(duration)),
                Permanent.UNCHANGED);
    }

    /** {@code on} and {@code off} colours alternating every {@code period} for {@code duration}. */
    public static LedSetting blink(int reader, int led, LedColor on, LedColor off, Duration period, Duration duration) {
        int p = (int) Checks.range("period (100 ms units)", (period.toMillis() + 99) / 100, 1, 0xFF);
        return new LedSetting(
                reader, led, new Temporary(TemporaryAction.SET, p, p, on, off, units(duration)), Permanent.UNCHANGED);
    }

    private static int units(Duration d) {
        return (int) Checks.range("duration (100 ms units)", (d.toMillis() + 99) / 100, 1, 0xFFFF);
    }

    /** Temporary state: shown for {@code timer} × 100 ms, then the permanent state resumes. */
    public record Temporary(
            TemporaryAction action, int onTime, int offTime, LedColor onColor, LedColor offColor, int timer) {
        public static final Temporary UNCHANGED =
                new Temporary(TemporaryAction.NOP, 0, 0, LedColor.BLACK, LedColor.BLACK, 0);

        public Temporary {
            Checks.notNull("temporary action", action);
            Checks.unsignedByte("temporary on time", onTime);
            Checks.unsignedByte("temporary off time", offTime);
            Checks.notNull("temporary on colour", onColor);
            Checks.notNull("temporary off colour", offColor);
            Checks.range("temporary timer", timer, 0, 0xFFFF);
        }

        /** A set with on = off = 0, which common readers refuse (FACTS, reference implementation). */
        public boolean refusedByCommonReaders() {
            return action == TemporaryAction.SET && onTime == 0 && offTime == 0;
        }
    }

    /** Permanent state: what the LED shows when no temporary state runs. */
    public record Permanent(PermanentAction action, int onTime, int offTime, LedColor onColor, LedColor offColor) {
        public static final Permanent UNCHANGED =
                new Permanent(PermanentAction.NOP, 0, 0, LedColor.BLACK, LedColor.BLACK);

        public Permanent {
            Checks.notNull("permanent action", action);
            Checks.unsignedByte("permanent on time", onTime);
            Checks.unsignedByte("permanent off time", offTime);
            Checks.notNull("permanent on colour", onColor);
            Checks.notNull("permanent off colour", offColor);
        }

        /** A set with on = off = 0, which common readers refuse. */
        public boolean refusedByCommonReaders() {
            return action == PermanentAction.SET && onTime == 0 && offTime == 0;
        }
    }

    /** Temporary control codes . */
    public enum TemporaryAction {
        NOP,
        /** Cancel any temporary state and show the permanent one. */
        CANCEL,
        /** Set the temporary state and start its timer. */
        SET
    }

    /** Permanent control codes . */
    public enum PermanentAction {
        NOP,
        SET
    }
}

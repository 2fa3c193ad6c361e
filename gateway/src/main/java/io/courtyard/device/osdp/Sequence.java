package io.courtyard.device.osdp;

/**
 * OSDP sequence numbers (OSDP 2.2 sequence-number rules). The CP starts each PD at 0, then counts 1, 2, 3, 1, 2, …;
 * a retry keeps the number of the command it repeats; 0 again means "starting over". The PD answers
 * a repeated number with its previous reply, unchanged. One instance per PD on the CP side.
 */
public final class Sequence {
    /** How a PD reads the number on an incoming command. */
    public enum Verdict {
        /** The next number: a new command. */
        NEW,
        /** 0: the CP starts over (after power-up or after it declared the PD offline). */
        RESET,
        /** The same number as last time: a retry; answer with the previous reply. */
        REPEAT,
        /** Anything else; a PD answers NAK {@link Nak.Reason#UNEXPECTED_SEQUENCE}. */
        UNEXPECTED
    }

    private int current = -1;

    /** The number after {@code sequence}: 0→1→2→3→1; 0 is never reached again by counting. */
    public static int following(int sequence) {
        Checks.range("sequence", sequence, 0, 3);
        return sequence == 3 ? 1 : sequence + 1;
    }

    /**
     * @param lastSeen the number of the previous command, or -1 when there was none
     * @param received the number on the command just in
     */
    public static Verdict judge(int lastSeen, int received) {
        Checks.range("received sequence", received, 0, 3);
        if (received == 0) {
            return Verdict.RESET;
        }
        if (lastSeen < 0) {
            return Verdict.UNEXPECTED;
        }
        if (received == lastSeen) {
            return Verdict.REPEAT;
        }
        return received == following(lastSeen) ? Verdict.NEW : Verdict.UNEXPECTED;
    }

    /** The number for a new command: 0 first, then counting. */
    public int next() {
        current = current < 0 ? 0 : following(current);
        return current;
    }

    /** The number of the last command, for a retry. */
    public int current() {
        if (current < 0) {
            throw new IllegalStateException("no command sent yet");
        }
        return current;
    }

    /** After the PD went offline: the next command starts over at 0. */
    public void reset() {
        current = -1;
    }
}

package io.courtyard.device.card;

import io.courtyard.device.Bytes;
import java.util.Arrays;
import java.util.Optional;

/**
 * Card bits (MSB first, left-justified, as osdp_RAW carries them) to credentials and back. The bit
 * length picks the format; the simulator uses {@link #encode} to present cards.
 */
public final class Wiegand {
    /** The longest raw read the access list can name ({@code raw:BITS/HEX}, 1..512 bits). */
    public static final int MAX_RAW_BITS = 512;

    private Wiegand() {}

    public static Optional<WiegandFormat> formatFor(int bitCount) {
        return Arrays.stream(WiegandFormat.values())
                .filter(f -> f.bits() == bitCount)
                .findFirst();
    }

    /**
     * {@link CardRead.Card} when the length is known and parity holds, else raw bits, bad parity, or
     * {@link CardRead.Unreadable} for 0 or more than {@link #MAX_RAW_BITS} bits: whatever a reader
     * sends is decided, never thrown. The byte count must fit the bit count (osdp_RAW's decoder
     * refuses a frame where it does not).
     */
    public static CardRead decode(int bitCount, Bytes bits) {
        if (bitCount < 0 || bits.length() != WiegandBits.bytesFor(bitCount)) {
            throw new IllegalArgumentException("bits: " + bits.length() + " bytes for " + bitCount + " bits, expected "
                    + WiegandBits.bytesFor(bitCount));
        }
        if (bitCount == 0 || bitCount > MAX_RAW_BITS) {
            return new CardRead.Unreadable(bitCount);
        }
        Optional<WiegandFormat> format = formatFor(bitCount);
        if (format.isEmpty()) {
            return new CardRead.RawCard(bitCount, bits);
        }
        WiegandFormat f = format.get();
        byte[] data = bits.toArray();
        if (!f.parityHolds(data)) {
            return new CardRead.BadParity(f);
        }
        return new CardRead.Card(f, f.facility(data), f.number(data));
    }

    /** The bits a reader sends for this card, parity included. */
    public static Bytes encode(WiegandFormat format, int facility, long number) {
        // The record's constructor checks the ranges.
        CardRead.Card card = new CardRead.Card(format, facility, number);
        return Bytes.of(format.layOut(card.facility(), card.number()));
    }

    public static Bytes encode(CardRead.Card card) {
        return encode(card.format(), card.facility(), card.number());
    }
}

package io.courtyard.device.card;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The Wiegand card layouts the gateway decodes, by bit length. Positions are 0-based from the first
 * bit received; parity bits are listed in the order they are computed, inner before outer, because
 * Corporate 1000's first bit covers the other two.
 */
public enum WiegandFormat {
    /** HID H10301, 26 bits: even parity over 1-12, facility 8 bits, card 16 bits, odd parity over 13-24. */
    H10301(26, 1, 8, 9, 16, List.of(Parity.even(0, 1, 12), Parity.odd(25, 13, 24))),
    /** HID H10306, 34 bits: even parity over 1-16, facility 16, card 16, odd parity over 17-32. */
    H10306(34, 1, 16, 17, 16, List.of(Parity.even(0, 1, 16), Parity.odd(33, 17, 32))),
    /**
     * HID Corporate 1000, 35 bits: company 12 bits, card 20 bits. Bit 1 is even parity over the
     * positions 2,3,5,6,…,32,33; bit 34 odd parity over 1,2,4,5,…,31,32; bit 0 odd parity over all.
     */
    CORPORATE_1000(35, 2, 12, 14, 20, List.of(corporateEven(), corporateOdd(), Parity.odd(0, 1, 34))),
    /** HID H10304, 37 bits: even parity over 1-18, facility 16, card 19, odd parity over 18-35. */
    H10304(37, 1, 16, 17, 19, List.of(Parity.even(0, 1, 18), Parity.odd(36, 18, 35)));

    private final int bits;
    private final int facilityStart;
    private final int facilityBits;
    private final int numberStart;
    private final int numberBits;
    private final List<Parity> parities;

    WiegandFormat(
            int bits, int facilityStart, int facilityBits, int numberStart, int numberBits, List<Parity> parities) {
        this.bits = bits;
        this.facilityStart = facilityStart;
        this.facilityBits = facilityBits;
        this.numberStart = numberStart;
        this.numberBits = numberBits;
        this.parities = parities;
    }

    public int bits() {
        return bits;
    }

    public int maxFacility() {
        return (1 << facilityBits) - 1;
    }

    public long maxNumber() {
        return (1L << numberBits) - 1;
    }

    int facility(byte[] data) {
        return (int) WiegandBits.field(data, facilityStart, facilityBits);
    }

    long number(byte[] data) {
        return WiegandBits.field(data, numberStart, numberBits);
    }

    boolean parityHolds(byte[] data) {
        return parities.stream().allMatch(p -> p.holds(data));
    }

    byte[] layOut(int facility, long number) {
        byte[] data = new byte[WiegandBits.bytesFor(bits)];
        WiegandBits.putField(data, facilityStart, facilityBits, facility);
        WiegandBits.putField(data, numberStart, numberBits, number);
        for (Parity p : parities) {
            WiegandBits.set(data, p.position(), p.expected(data));
        }
        return data;
    }

    private static Parity corporateEven() {
        return new Parity(
                1, false, IntStream.rangeClosed(2, 33).filter(i -> i % 3 != 1).toArray());
    }

    private static Parity corporateOdd() {
        return new Parity(
                34, true, IntStream.rangeClosed(1, 33).filter(i -> i % 3 != 0).toArray());
    }
}

package io.courtyard.device.card;

/** Bit access on card data laid out MSB first, left-justified (OSDP 2.2, osdp_RAW). */
final class WiegandBits {
    private WiegandBits() {}

    static boolean get(byte[] bits, int index) {
        return (bits[index >>> 3] >>> (7 - (index & 7)) & 1) != 0;
    }

    static void set(byte[] bits, int index, boolean value) {
        int mask = 0x80 >>> (index & 7);
        if (value) {
            bits[index >>> 3] |= (byte) mask;
        } else {
            bits[index >>> 3] &= (byte) ~mask;
        }
    }

    /** The unsigned value of {@code length} bits from {@code start}, first bit most significant. */
    static long field(byte[] bits, int start, int length) {
        long v = 0;
        for (int i = start; i < start + length; i++) {
            v = v << 1 | (get(bits, i) ? 1 : 0);
        }
        return v;
    }

    static void putField(byte[] bits, int start, int length, long value) {
        for (int i = 0; i < length; i++) {
            set(bits, start + i, (value >>> (length - 1 - i) & 1) != 0);
        }
    }

    static int bytesFor(int bitCount) {
        return (bitCount + 7) / 8;
    }
}

package io.courtyard.device.card;

import java.util.stream.IntStream;

/**
 * One parity bit of a Wiegand layout: its position and the bit positions it covers (0-based, MSB
 * first, as the bits arrive).
 */
record Parity(int position, boolean odd, int[] covered) {
    static Parity even(int position, int from, int to) {
        return new Parity(position, false, IntStream.rangeClosed(from, to).toArray());
    }

    static Parity odd(int position, int from, int to) {
        return new Parity(position, true, IntStream.rangeClosed(from, to).toArray());
    }

    /** The value the parity bit must have for the covered bits of {@code bits}. */
    boolean expected(byte[] bits) {
        int ones = 0;
        for (int i : covered) {
            ones += WiegandBits.get(bits, i) ? 1 : 0;
        }
        boolean evenOnes = ones % 2 == 0;
        // Odd parity: bit + covered ones is odd; even parity: it is even.
        return odd == evenOnes;
    }

    boolean holds(byte[] bits) {
        return WiegandBits.get(bits, position) == expected(bits);
    }
}

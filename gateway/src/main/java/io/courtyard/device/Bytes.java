package io.courtyard.device;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An immutable byte string with value equality, for payloads that records carry: a {@code byte[]}
 * component would make two equal messages unequal and let a caller mutate a decoded frame.
 */
public final class Bytes {
    public static final Bytes EMPTY = new Bytes(new byte[0]);
    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Bytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** Values 0..255 as given, for readable literals in tests and tables. */
    public static Bytes ofUnsigned(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > 0xFF) {
                throw new IllegalArgumentException("byte " + i + ": " + values[i] + " is outside 0..255");
            }
            b[i] = (byte) values[i];
        }
        return new Bytes(b);
    }

    public static Bytes copyOf(byte[] source, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(source, offset, offset + length));
    }

    /** Hex digits, optionally separated by spaces or colons: {@code "53 00 09"}. */
    public static Bytes fromHex(String hex) {
        String digits = hex.replaceAll("[\\s:]", "");
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits: " + digits.length());
        }
        return digits.isEmpty() ? EMPTY : new Bytes(HEX.parseHex(digits.toLowerCase(Locale.ROOT)));
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    public int unsigned(int index) {
        return bytes[index] & 0xFF;
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    public void copyTo(int from, byte[] target, int targetOffset, int length) {
        System.arraycopy(bytes, from, target, targetOffset, length);
    }

    public Bytes slice(int from, int length) {
        return copyOf(bytes, from, length);
    }

    public String hex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }
}

package io.courtyard.device.osdp;

import io.courtyard.device.Bytes;

/** Argument checks whose messages give the field, the allowed range and the value found. */
final class Checks {
    private Checks() {}

    static int range(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": " + value + " is outside " + min + ".." + max);
        }
        return value;
    }

    static int unsignedByte(String field, int value) {
        return range(field, value, 0, 0xFF);
    }

    static Bytes length(String field, Bytes value, int expected) {
        if (value.length() != expected) {
            throw new IllegalArgumentException(field + ": " + value.length() + " bytes, expected " + expected);
        }
        return value;
    }

    static <T> T notNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": missing");
        }
        return value;
    }
}

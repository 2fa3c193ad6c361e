package io.courtyard.config;

import java.util.Arrays;

/** A password or token; never printed, so a config dump or log line cannot leak it. */
public final class Secret {
    private final char[] value;

    public Secret(String value) {
        this.value = value.toCharArray();
    }

    public char[] chars() {
        return Arrays.copyOf(value, value.length);
    }

    public String reveal() {
        return new String(value);
    }

    @Override
    public String toString() {
        return "Secret[****]";
    }
}

package io.courtyard.journal.event;

import java.util.Locale;

/** The wire names of the enums events use: the constant's name in lower case, {@code _} as {@code -}. */
public final class Choices {
    private Choices() {}

    public static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant whose wire name is {@code wire}, or null. */
    static <E extends Enum<E>> E parse(Class<E> type, String wire) {
        for (E e : type.getEnumConstants()) {
            if (wire(e).equals(wire)) {
                return e;
            }
        }
        return null;
    }
}

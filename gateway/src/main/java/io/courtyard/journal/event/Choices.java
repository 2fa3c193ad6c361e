package io.courtyard.journal.event;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The wire names of the enums events use: the constant's name in lower case, {@code _} as
 * {@code -}. Made once per enum: every encode and every decode of an event asks for them.
 */
public final class Choices {
    private static final ClassValue<Names> NAMES = new ClassValue<>() {
        @Override
        protected Names computeValue(Class<?> type) {
            return new Names(type.getEnumConstants());
        }
    };

    private Choices() {}

    /** Wire names by ordinal, and constants by wire name. */
    private record Names(String[] wires, Map<String, Object> constants) {
        Names(Object[] values) {
            this(new String[values.length], new HashMap<>());
            for (Object v : values) {
                Enum<?> e = (Enum<?>) v;
                wires[e.ordinal()] = e.name().toLowerCase(Locale.ROOT).replace('_', '-');
                constants.put(wires[e.ordinal()], e);
            }
        }
    }

    public static String wire(Enum<?> e) {
        return NAMES.get(e.getDeclaringClass()).wires()[e.ordinal()];
    }

    /** The constant whose wire name is {@code wire}, or null. */
    static Object parse(Class<?> type, String wire) {
        return NAMES.get(type).constants().get(wire);
    }
}

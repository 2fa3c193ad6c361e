package io.courtyard.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one fault vocabulary and the code tables that map each monitor's numbering onto it: the two
 * built-in tables (versioned data under {@code /faults} in the jar) and any the configuration adds.
 *
 * @param vocabularyVersion the version of {@code faults/vocabulary-v*.json} in force
 * @param types every fault type by id, e.g. {@code trapped-at-floor}
 * @param tables every code table by id, e.g. {@code iot-terminal}
 */
public record FaultCatalog(int vocabularyVersion, Map<String, FaultType> types, Map<String, FaultTable> tables) {
    /** The table a monitor uses when its configuration names none. */
    public static final String DEFAULT_TABLE = "iot-terminal";

    public FaultCatalog {
        types = Map.copyOf(types);
        tables = Map.copyOf(tables);
    }

    /** The built-in vocabulary and tables, read from the jar; a broken resource is a build defect. */
    public static FaultCatalog builtIn() {
        return FaultResources.BUILT_IN;
    }

    /** The type {@code code} stands for in {@code table}; empty for a code the table does not know. */
    public Optional<FaultType> lookup(String table, String code) {
        FaultTable t = tables.get(table);
        String type = t == null ? null : t.codes().get(code);
        return type == null ? Optional.empty() : Optional.ofNullable(types.get(type));
    }

    /** Whether a fault is debounced and journaled as a FAULT, or is a change of service mode. */
    public enum Category {
        FAULT,
        SERVICE;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One entry of the vocabulary.
     *
     * @param severity {@code critical}, {@code major}, {@code minor} or {@code info}
     * @param debounce how long a raised code must stay raised to be a fault (a default; the
     *     configuration may override it per type)
     * @param alarm the safety alarm a confirmed fault of this type also raises (e.g.
     *     {@code trapped-passenger}), if any
     * @param clearsService a service event that ends every active one (back to normal service)
     */
    public record FaultType(
            String id,
            Category category,
            String severity,
            Duration debounce,
            Optional<String> alarm,
            boolean clearsService,
            String en,
            String zh) {}

    /**
     * A monitor numbering: code (as the monitor writes it) to fault type id.
     *
     * @param builtIn shipped in the jar, as opposed to added by the configuration
     */
    public record FaultTable(String id, int version, String title, Map<String, String> codes, boolean builtIn) {
        public FaultTable {
            codes = Map.copyOf(codes);
        }
    }
}

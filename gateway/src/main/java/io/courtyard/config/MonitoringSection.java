package io.courtyard.config;

import io.courtyard.config.FaultCatalog.Category;
import io.courtyard.config.FaultCatalog.FaultTable;
import io.courtyard.config.FaultCatalog.FaultType;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Reads the {@code monitoring} section: silence, card window, debounce per fault type, extra code tables, field maps. */
final class MonitoringSection {
    private static final Scalars.Parser<String> CODE = Scalars.text(
            "a fault code of letters, digits, '.', '-' and '_' (1-16 chars)", Pattern.compile("[A-Za-z0-9._-]{1,16}"));
    private static final Scalars.Parser<String> FIRMWARE_FIELD = Scalars.text(
            "a field name of letters, digits, '.', '-' and '_' (1-64 chars)", Pattern.compile("[A-Za-z0-9._-]{1,64}"));
    private static final Scalars.Parser<Duration> DEBOUNCE = Scalars.duration(Duration.ZERO, Duration.ofHours(1));

    private MonitoringSection() {}

    static MonitoringConfig read(YamlMap m) {
        Duration silence = m.optional(
                "silenceTimeout",
                Scalars.duration(Duration.ofSeconds(10), Duration.ofHours(6)),
                MonitoringConfig.DEFAULT_SILENCE);
        Duration recent = m.optional(
                "recentCards",
                Scalars.duration(Duration.ofSeconds(30), Duration.ofHours(1)),
                MonitoringConfig.DEFAULT_RECENT_CARDS);
        FaultCatalog builtIn = FaultCatalog.builtIn();
        Map<String, FaultTable> tables = new LinkedHashMap<>(builtIn.tables());
        for (FaultTable t : m.list("faultTables", t -> table(t, builtIn))) {
            if (tables.putIfAbsent(t.id(), t) != null) {
                m.problems()
                        .on(
                                t,
                                "id",
                                "table '" + t.id() + "' is defined twice (built-in tables: "
                                        + new TreeSet<>(builtIn.tables().keySet()) + ")");
            }
        }
        Map<String, Duration> debounce = debounce(m, builtIn);
        Map<String, Map<String, String>> fieldMaps = fieldMaps(m);
        return new MonitoringConfig(
                silence,
                recent,
                debounce,
                new FaultCatalog(builtIn.vocabularyVersion(), builtIn.types(), tables),
                fieldMaps);
    }

    private static FaultTable table(YamlMap m, FaultCatalog catalog) {
        String id = m.required("id", Scalars.ID);
        int version = m.optional("version", Scalars.intRange(1, 1_000_000), 1);
        String title = m.optional("title", Scalars.ANY_TEXT, id);
        Map<String, String> codes = new LinkedHashMap<>();
        for (NodeTuple t : m.pairs("codes")) {
            String code = CODE.read(t.getKeyNode(), m.field("codes"), m.problems());
            String type = Scalars.ANY_TEXT.read(t.getValueNode(), m.field("codes") + "." + code, m.problems());
            if (code == null || type == null) {
                continue;
            }
            if (!catalog.types().containsKey(type)) {
                String hint = Suggest.closest(type, catalog.types().keySet());
                m.problems()
                        .add(
                                t.getValueNode(),
                                m.field("codes") + "." + code,
                                "no fault type '" + type + "'" + (hint == null ? "" : "; did you mean '" + hint + "'?")
                                        + "; the vocabulary is listed in the README (Elevator monitors)");
            } else if (codes.putIfAbsent(code, type) != null) {
                m.problems().add(t.getKeyNode(), m.field("codes") + "." + code, "code " + code + " is mapped twice");
            }
        }
        if (codes.isEmpty() && !m.has("codes")) {
            m.missing("codes", "a mapping of the monitor's fault codes to fault types");
        }
        return id == null ? null : new FaultTable(id, version, title, codes, false);
    }

    private static Map<String, Duration> debounce(YamlMap m, FaultCatalog catalog) {
        Map<String, Duration> out = new HashMap<>();
        for (NodeTuple t : m.pairs("debounce")) {
            String type = Scalars.ANY_TEXT.read(t.getKeyNode(), m.field("debounce"), m.problems());
            Duration d = DEBOUNCE.read(t.getValueNode(), m.field("debounce") + "." + type, m.problems());
            FaultType known = type == null ? null : catalog.types().get(type);
            if (type != null && known == null) {
                String hint = Suggest.closest(type, catalog.types().keySet());
                m.problems()
                        .add(
                                t.getKeyNode(),
                                m.field("debounce") + "." + type,
                                "no fault type '" + type + "'"
                                        + (hint == null ? "" : "; did you mean '" + hint + "'?"));
            } else if (known != null && known.category() == Category.SERVICE) {
                m.problems()
                        .add(
                                t.getKeyNode(),
                                m.field("debounce") + "." + type,
                                "'" + type + "' is a service event, which is never debounced");
            } else if (known != null && d != null) {
                out.put(type, d);
            }
        }
        return out;
    }

    private static Map<String, Map<String, String>> fieldMaps(YamlMap m) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (NodeTuple named : m.pairs("fieldMaps")) {
            String name = Scalars.ID.read(named.getKeyNode(), m.field("fieldMaps"), m.problems());
            String path = m.field("fieldMaps") + "." + name;
            if (!(named.getValueNode() instanceof MappingNode map)) {
                m.problems()
                        .add(
                                named.getValueNode(),
                                path,
                                "expected a mapping of firmware field names to ours, found "
                                        + Scalars.describe(named.getValueNode()));
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Map<String, String> byTarget = new HashMap<>();
            for (NodeTuple f : map.getValue()) {
                String theirs = FIRMWARE_FIELD.read(f.getKeyNode(), path, m.problems());
                String ours = Scalars.ANY_TEXT.read(f.getValueNode(), path + "." + theirs, m.problems());
                if (theirs == null || ours == null) {
                    continue;
                }
                if (!MonitoringConfig.PAYLOAD_FIELDS.contains(ours)) {
                    m.problems()
                            .add(
                                    f.getValueNode(),
                                    path + "." + theirs,
                                    "'" + ours + "' is not a field of the monitor payload; allowed: "
                                            + new TreeSet<>(MonitoringConfig.PAYLOAD_FIELDS));
                } else if (byTarget.putIfAbsent(ours, theirs) != null) {
                    m.problems()
                            .add(
                                    f.getKeyNode(),
                                    path + "." + theirs,
                                    "'" + ours + "' is already mapped from '" + byTarget.get(ours) + "'");
                } else {
                    fields.put(theirs, ours);
                }
            }
            if (name != null) {
                out.put(name, fields);
            }
        }
        return out;
    }

    /** The monitors' references into this section: their code table and field map must exist. */
    static void check(List<DevicesConfig.Monitor> monitors, MonitoringConfig monitoring, Problems problems) {
        for (DevicesConfig.Monitor mon : monitors) {
            if (!monitoring.catalog().tables().containsKey(mon.faultTable())) {
                problems.on(
                        mon,
                        "faultTable",
                        "no fault table '" + mon.faultTable() + "'; defined: "
                                + new TreeSet<>(monitoring.catalog().tables().keySet()));
            }
            mon.fieldMap()
                    .filter(f -> !monitoring.fieldMaps().containsKey(f))
                    .ifPresent(f -> problems.on(
                            mon,
                            "fieldMap",
                            "no field map '" + f + "' under monitoring.fieldMaps; defined: "
                                    + new TreeSet<>(monitoring.fieldMaps().keySet())));
        }
    }
}

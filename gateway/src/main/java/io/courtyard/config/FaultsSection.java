package io.courtyard.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** Reads {@code faults:}: the rescue target, the flapping hold, severity overrides, the uplink-down hold. */
final class FaultsSection {
    static final Scalars.Parser<String> SEVERITY =
            Scalars.text("one of critical, major, minor, info", Pattern.compile("critical|major|minor|info"));

    private FaultsSection() {}

    static FaultsConfig read(YamlMap m) {
        FaultsConfig d = FaultsConfig.DEFAULTS;
        Duration target = m.optional(
                "rescueTarget", Scalars.duration(Duration.ofMinutes(1), Duration.ofHours(24)), d.rescueTarget());
        Duration hold = m.optional("flapHold", Scalars.duration(Duration.ZERO, Duration.ofHours(1)), d.flapHold());
        Map<String, String> severities = new TreeMap<>();
        for (NodeTuple t : m.pairs("severities")) {
            String type = Scalars.ID.read(t.getKeyNode(), m.field("severities"), m.problems());
            String s = SEVERITY.read(t.getValueNode(), m.field("severities") + "." + type, m.problems());
            if (type != null && s != null) {
                severities.put(type, s);
            }
        }
        Duration uplink = m.optional(
                "uplinkDownHold", Scalars.duration(Duration.ofSeconds(10), Duration.ofHours(24)), d.uplinkDownHold());
        return new FaultsConfig(target, hold, severities, uplink);
    }
}

package io.courtyard.config;

import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.ElevatorControl;
import io.courtyard.config.DevicesConfig.HallCall;
import io.courtyard.config.DevicesConfig.PdRef;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads one elevator's card control: car reader and relay board, floor maps, control mode, landing readers. */
final class ElevatorSection {
    private ElevatorSection() {}

    static Elevator elevator(YamlMap m) {
        String id = m.required("id", Scalars.ID);
        String building = m.required("building", Scalars.ID);
        String unit = m.required("unit", Scalars.ID);
        PdRef reader = DevicesSection.pd(m, "reader", true);
        PdRef relays = DevicesSection.pd(m, "relays", false);
        Map<Integer, Integer> outputs = floorMap(m, "floorOutputs");
        Map<Integer, Integer> inputs = floorMap(m, "floorInputs");
        if (outputs.isEmpty() && !m.has("floorOutputs")) {
            m.missing("floorOutputs", "a mapping of floor -> relay output number");
        }
        List<Integer> publicFloors = m.scalars("publicFloors", DevicesSection.FLOOR);
        Duration enable = m.optional(
                "enableFor", Scalars.duration(Duration.ofSeconds(1), Duration.ofMinutes(2)), Duration.ofSeconds(10));
        boolean release = m.optional("releaseOnFire", Scalars.BOOL, true);
        ElevatorControl control =
                m.optional("control", Scalars.enumeration(ElevatorControl.class), ElevatorControl.ENABLE);
        Map<Integer, Integer> select = floorMap(m, "selectOutputs");
        Duration selectPulse = m.optional(
                "selectPulse",
                Scalars.duration(Duration.ofMillis(100), Duration.ofSeconds(3)),
                Elevator.DEFAULT_SELECT_PULSE);
        selection(m, control, outputs, select);
        List<HallCall> hallCalls = m.list("hallCalls", h -> hallCall(h, enable));
        return id == null || building == null || unit == null || reader == null
                ? null
                : new Elevator(
                        id,
                        building,
                        unit,
                        reader,
                        relays == null ? reader : relays,
                        outputs,
                        inputs,
                        publicFloors,
                        enable,
                        release,
                        control,
                        select,
                        selectPulse,
                        hallCalls);
    }

    /** Select outputs press buttons that the floor outputs enable: one per enabled floor, on relays of their own. */
    private static void selection(
            YamlMap m, ElevatorControl control, Map<Integer, Integer> outputs, Map<Integer, Integer> select) {
        if (control != ElevatorControl.SELECT) {
            for (String key : List.of("selectOutputs", "selectPulse")) {
                if (m.has(key)) {
                    m.problems().add(m.value(key), m.field(key), "only used with control: select");
                }
            }
            return;
        }
        if (!m.has("selectOutputs")) {
            m.missing(
                    "selectOutputs",
                    "a mapping of floor -> relay output wired across that floor's button (control: select)");
            return;
        }
        select.forEach((floor, out) -> {
            Node at = entry(m, "selectOutputs", floor);
            if (!outputs.containsKey(floor)) {
                m.problems()
                        .add(
                                at,
                                m.field("selectOutputs") + "." + floor,
                                "floor " + floor
                                        + " has no entry in floorOutputs: a button the gateway never enables cannot be"
                                        + " pressed for a passenger");
            }
            outputs.entrySet().stream()
                    .filter(e -> e.getValue().equals(out))
                    .findFirst()
                    .ifPresent(e -> m.problems()
                            .add(
                                    at,
                                    m.field("selectOutputs") + "." + floor,
                                    "output " + out + " already enables floor " + e.getKey() + " (floorOutputs)"));
        });
    }

    /** The value node of {@code floor} in the floor map under {@code key}, for messages that point at one entry. */
    private static Node entry(YamlMap m, String key, int floor) {
        for (NodeTuple t : m.pairs(key)) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().strip().equals(Integer.toString(floor))) {
                return t.getValueNode();
            }
        }
        return m.value(key);
    }

    private static HallCall hallCall(YamlMap h, Duration elevatorEnableFor) {
        String id = h.required("id", Scalars.ID);
        Integer floor = h.required("floor", DevicesSection.FLOOR);
        PdRef reader = DevicesSection.pd(h, "reader", true);
        PdRef io = DevicesSection.pd(h, "io", false);
        Integer output = h.required("output", DevicesSection.IO_POINT);
        Duration enable = h.optional(
                "enableFor", Scalars.duration(Duration.ofSeconds(1), Duration.ofMinutes(2)), elevatorEnableFor);
        return id == null || floor == null || reader == null || output == null
                ? null
                : new HallCall(id, floor, reader, io == null ? reader : io, output, enable);
    }

    private static Map<Integer, Integer> floorMap(YamlMap m, String key) {
        Map<Integer, Integer> out = new LinkedHashMap<>();
        for (NodeTuple t : m.pairs(key)) {
            Integer floor = DevicesSection.FLOOR.read(t.getKeyNode(), m.field(key), m.problems());
            Integer point = DevicesSection.IO_POINT.read(t.getValueNode(), m.field(key) + "." + floor, m.problems());
            if (floor != null && point != null && out.containsValue(point)) {
                m.problems()
                        .add(
                                t.getValueNode(),
                                m.field(key) + "." + floor,
                                "point " + point + " is already used by another floor");
            } else if (floor != null && point != null) {
                out.put(floor, point);
            }
        }
        return Map.copyOf(out);
    }
}

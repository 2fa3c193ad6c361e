package io.courtyard.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A strict view of one YAML mapping: every key must be asked for, and every value is checked
 * where it is read, so that {@link #finish()} can name the keys nobody understood.
 */
final class YamlMap {
    private final Problems problems;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();

    private YamlMap(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        if (node instanceof MappingNode mapping) {
            for (NodeTuple t : mapping.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null) {
                    problems.add(
                            t.getKeyNode(),
                            path,
                            "keys must be plain names, found " + Scalars.describe(t.getKeyNode()));
                } else if (entries.putIfAbsent(key, t) != null) {
                    problems.add(t.getKeyNode(), field(key), "duplicate key; each key may appear once");
                }
            }
        }
    }

    /** Reads {@code node} as a mapping; anything else is reported and treated as empty. */
    static YamlMap of(Node node, String path, Problems problems) {
        if (node != null && !(node instanceof MappingNode) && !Scalars.isNull(node)) {
            problems.add(node, path, "expected a mapping of keys to values, found " + Scalars.describe(node));
        }
        return new YamlMap(node, path, problems);
    }

    Problems problems() {
        return problems;
    }

    String path() {
        return path;
    }

    Node node() {
        return node;
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t != null && !Scalars.isNull(t.getValueNode());
    }

    /** The value node of {@code key}, or null when absent or explicitly empty. */
    Node value(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        return t == null || Scalars.isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    void missing(String key, String what) {
        problems.add(node, field(key), "missing; required: " + what);
    }

    /** Reads a required scalar through {@code parse}; null (and a reported problem) when absent or bad. */
    <T> T required(String key, Scalars.Parser<T> parse) {
        Node v = value(key);
        if (v == null) {
            missing(key, parse.expected());
            return null;
        }
        return parse.read(v, field(key), problems);
    }

    /**
     * Reads an optional scalar through {@code parse}; {@code fallback} when absent, and also when
     * bad: the problem is reported, so the file is refused anyway, and callers may unbox the result.
     */
    <T> T optional(String key, Scalars.Parser<T> parse, T fallback) {
        Node v = value(key);
        if (v == null) {
            return fallback;
        }
        T t = parse.read(v, field(key), problems);
        return t == null ? fallback : t;
    }

    YamlMap map(String key) {
        return YamlMap.of(value(key), field(key), problems);
    }

    YamlMap requiredMap(String key, String what) {
        Node v = value(key);
        if (v == null) {
            missing(key, what);
        }
        return YamlMap.of(v, field(key), problems);
    }

    /** Reads a sequence of mappings, each converted by {@code item}; items that fail are skipped. */
    <T> List<T> list(String key, Function<YamlMap, T> item) {
        List<T> out = new ArrayList<>();
        for (Node n : sequence(key)) {
            YamlMap m = YamlMap.of(n, field(key) + "[" + out.size() + "]", problems);
            T t = item.apply(m);
            m.finish();
            if (t != null) {
                problems.origin(t, n, m.path());
            }
            out.add(t);
        }
        out.removeIf(java.util.Objects::isNull);
        return Collections.unmodifiableList(out);
    }

    /** Reads a sequence of scalars; bad items are reported and skipped. */
    <T> List<T> scalars(String key, Scalars.Parser<T> parse) {
        List<T> out = new ArrayList<>();
        List<Node> seq = sequence(key);
        for (int i = 0; i < seq.size(); i++) {
            T t = parse.read(seq.get(i), field(key) + "[" + i + "]", problems);
            if (t != null) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /** Key/value pairs of a free-form mapping (such as floor → output), in file order. */
    List<NodeTuple> pairs(String key) {
        Node v = value(key);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof MappingNode m)) {
            problems.add(v, field(key), "expected a mapping, found " + Scalars.describe(v));
            return List.of();
        }
        return m.getValue();
    }

    private List<Node> sequence(String key) {
        Node v = value(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problems.add(v, field(key), "expected a list, found " + Scalars.describe(v));
        return List.of();
    }

    /** Reports every key that no reader asked for; a typo in a security setting must not pass. */
    void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!asked.contains(e.getKey())) {
                String hint = Suggest.closest(e.getKey(), asked);
                problems.add(
                        e.getValue().getKeyNode(),
                        field(e.getKey()),
                        "unknown key" + (hint == null ? "" : "; did you mean '" + hint + "'?") + "; allowed here: "
                                + String.join(", ", asked));
            }
        }
    }

    static boolean isTag(Node n, Tag tag) {
        return n.getTag().equals(tag);
    }
}

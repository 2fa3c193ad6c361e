package io.courtyard.config;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Collects configuration problems so that one run reports all of them. */
final class Problems {
    private final String file;
    private final java.nio.file.Path baseDir;
    private final List<ConfigProblem> list = new ArrayList<>();
    private final Map<Object, Origin> origins = new IdentityHashMap<>();

    /** Where a record came from, so cross-checks after parsing can still point at a line. */
    record Origin(Node node, String field) {}

    Problems(java.nio.file.Path file) {
        this.file = file.toString();
        java.nio.file.Path parent = file.toAbsolutePath().getParent();
        this.baseDir = parent == null ? java.nio.file.Path.of("") : parent;
    }

    /** Relative paths in a config file are relative to that file, not to wherever the gateway was started. */
    java.nio.file.Path resolve(java.nio.file.Path p) {
        return p == null ? null : baseDir.resolve(p).normalize();
    }

    String file() {
        return file;
    }

    void add(Node at, String field, String message) {
        add(at == null ? null : at.getStartMark(), field, message);
    }

    void add(Mark mark, String field, String message) {
        // SnakeYAML marks are zero-based; editors and humans count from one.
        int line = mark == null ? 1 : mark.getLine() + 1;
        int column = mark == null ? 1 : mark.getColumn() + 1;
        list.add(new ConfigProblem(file, line, column, field, message));
    }

    void origin(Object item, Node node, String field) {
        origins.put(item, new Origin(node, field));
    }

    /** {@code to} was built from {@code from}: problems found on it point where {@code from} was read. */
    void alias(Object from, Object to) {
        Origin o = origins.get(from);
        if (o != null) {
            origins.put(to, o);
        }
    }

    /**
     * Reports a problem found on an already-built record, at the place it was read from: the
     * value of {@code subfield} when the file has it, else the record itself (a defaulted field).
     */
    void on(Object item, String subfield, String message) {
        Origin o = origins.get(item);
        String f = o == null ? subfield : o.field() + (subfield.isEmpty() ? "" : "." + subfield);
        add(o == null ? null : valueOf(o.node(), subfield), f, message);
    }

    private static Node valueOf(Node item, String key) {
        if (item instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t.getValueNode();
                }
            }
        }
        return item;
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    void throwIfAny() throws ConfigException {
        if (!list.isEmpty()) {
            list.sort((a, b) -> a.line() != b.line()
                    ? Integer.compare(a.line(), b.line())
                    : Integer.compare(a.column(), b.column()));
            throw new ConfigException(list);
        }
    }
}

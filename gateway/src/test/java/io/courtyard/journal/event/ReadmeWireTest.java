package io.courtyard.journal.event;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.testsupport.ProjectFiles;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Upstream wire formats" section against the records: the envelope table, one table
 * per event type (member, type, presence, personal data, InfluxDB role; the meaning column is
 * prose) and the InfluxDB tags per measurement. A record changed without its table fails here,
 * printing the rows the table should have.
 */
class ReadmeWireTest {
    private static final Pattern TYPE_HEADING = Pattern.compile("^#### `([a-z-]+)` · topic (.+)$");
    private static final Pattern TOPIC = Pattern.compile("`([a-z]+)`");

    private static List<String> section;

    @BeforeAll
    static void readTheSection() throws Exception {
        List<String> lines = Files.readAllLines(ProjectFiles.root().resolve("README.md"));
        int from = lines.indexOf("## Upstream wire formats");
        assertThat(from).as("README section \"## Upstream wire formats\"").isNotNegative();
        int to = from + 1;
        while (to < lines.size() && !lines.get(to).startsWith("## ")) {
            to++;
        }
        section = lines.subList(from, to);
    }

    @Test
    void theEnvelopeTableListsTheEnvelopeInOrder() {
        List<List<String>> rows = tableAfter("| member | type | InfluxDB | meaning |");
        List<String> expected = Arrays.stream(Envelope.values())
                .map(e -> "`" + e.wire() + "` | " + e.type() + " | " + e.influx())
                .toList();
        assertThat(rows.stream().map(r -> String.join(" | ", r.subList(0, 3))).toList())
                .isEqualTo(expected);
    }

    @Test
    void everyEventTypeHasItsTableAndEveryTableMatchesItsRecord() {
        Map<String, List<List<String>>> tables = typeTables();
        Set<String> declared = Arrays.stream(EventType.values())
                .filter(t -> t != EventType.UNREADABLE)
                .map(EventType::wire)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(new TreeSet<>(tables.keySet()))
                .as("event types with a table")
                .isEqualTo(declared);
        for (String wire : declared) {
            EventType type = EventType.named(wire);
            List<String> expected = rows(type.shape(), "");
            List<String> documented = tables.get(wire).stream()
                    .map(r -> String.join(" | ", r.subList(0, 5)))
                    .toList();
            assertThat(documented)
                    .as(
                            "README table of %s; expected rows (meaning column left out):%n| %s |",
                            wire, String.join(" | … |\n| ", expected))
                    .isEqualTo(expected);
        }
    }

    @Test
    void everyTableIsHeadedWithTheTopicsItsTypeIsPublishedOn() {
        for (String line : section) {
            Matcher m = TYPE_HEADING.matcher(line);
            if (m.matches()) {
                EventType type = EventType.named(m.group(1));
                Set<EventKind> topics = EnumSet.noneOf(EventKind.class);
                Matcher t = TOPIC.matcher(m.group(2));
                while (t.find()) {
                    topics.add(EventKind.valueOf(t.group(1).toUpperCase(java.util.Locale.ROOT)));
                }
                assertThat(topics).as(line).isEqualTo(type.kinds());
            }
        }
    }

    @Test
    void theInfluxTableNamesEveryTagTheRecordsDeclarePerMeasurement() {
        List<List<String>> rows = tableAfter("| measurement | tags (besides `site`, `device`) | fields |");
        Map<String, String> documented = new LinkedHashMap<>();
        rows.forEach(r -> documented.put(r.get(0), r.get(1)));
        for (EventKind kind : EventKind.values()) {
            Set<String> tags = new TreeSet<>();
            for (EventType t : EventType.values()) {
                if (t != EventType.UNREADABLE && t.kinds().contains(kind)) {
                    t.shape().fields().stream().filter(Field::tag).forEach(f -> tags.add("`" + f.name() + "`"));
                }
            }
            String expected = tags.isEmpty() ? "none yet" : String.join(", ", tags);
            assertThat(documented.get("`" + kind.topic() + "`"))
                    .as("tags of %s", kind.topic())
                    .isEqualTo(expected);
        }
    }

    /** The rows a type's table must have: member, type, presence, personal data, InfluxDB role. */
    static List<String> rows(Shape shape, String prefix) {
        List<String> out = new ArrayList<>();
        for (Field f : shape.fields()) {
            String type = f.constant() != null
                    ? "`\"" + f.constant() + "\"`"
                    : f.type() == ValueType.CHOICE
                            ? f.choices().stream().map(c -> "`" + c + "`").collect(Collectors.joining(", "))
                            : f.type().wire();
            String personal =
                    switch (f.privacy()) {
                        case NONE -> "";
                        case MASKED -> "masked";
                        case PERSONAL -> "personal";
                        case LOCAL -> "local";
                    };
            boolean field =
                    (f.type() == ValueType.INTEGER || f.type() == ValueType.NUMBER || f.type() == ValueType.BOOLEAN)
                            && f.privacy().influx();
            String influx = prefix.isEmpty() && f.tag() ? "tag" : prefix.isEmpty() && field ? "field" : "";
            out.add(String.join(
                    " | ",
                    "`" + prefix + f.name() + "`",
                    type,
                    f.nullable() ? "optional" : "always",
                    personal,
                    influx));
            if (f.nested() != null) {
                out.addAll(rows(f.nested(), prefix + f.name() + "."));
            }
        }
        return out;
    }

    private static Map<String, List<List<String>>> typeTables() {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        for (int i = 0; i < section.size(); i++) {
            Matcher m = TYPE_HEADING.matcher(section.get(i));
            if (m.matches()) {
                out.put(m.group(1), tableFrom(i + 1, "| member | type | when | personal | InfluxDB | meaning |"));
            }
        }
        return out;
    }

    private static List<List<String>> tableAfter(String header) {
        int at = section.indexOf(header);
        assertThat(at).as("a table headed %s", header).isNotNegative();
        return tableFrom(at, header);
    }

    /** The rows of the first table with {@code header} at or after line {@code from}, cells trimmed. */
    private static List<List<String>> tableFrom(int from, String header) {
        int at = from;
        while (at < section.size() && !section.get(at).equals(header)) {
            assertThat(section.get(at)).as("no other heading before the table").doesNotStartWith("#");
            at++;
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = at + 2; i < section.size() && section.get(i).startsWith("|"); i++) {
            String line = section.get(i);
            List<String> cells = new ArrayList<>();
            for (String c : line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1)) {
                cells.add(c.strip());
            }
            rows.add(cells);
        }
        return rows;
    }
}

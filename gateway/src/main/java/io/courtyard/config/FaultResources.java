package io.courtyard.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.FaultCatalog.Category;
import io.courtyard.config.FaultCatalog.FaultTable;
import io.courtyard.config.FaultCatalog.FaultType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the built-in fault vocabulary and code tables from {@code /faults/*.json} in the jar. The
 * files are data, versioned in their names and contents; a new numbering is a new file, never an
 * edit of a released one. Anything wrong in them fails the class's initialization: a build defect,
 * which {@code FaultCatalogTest} catches before a release.
 */
final class FaultResources {
    static final String VOCABULARY = "/faults/vocabulary-v1.json";
    static final String[] TABLES = {"/faults/iot-terminal-v1.json", "/faults/gov-platform-v1.json"};
    static final FaultCatalog BUILT_IN = load();

    private FaultResources() {}

    private static FaultCatalog load() {
        JsonNode vocabulary = read(VOCABULARY);
        Map<String, FaultType> types = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = vocabulary.path("types").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            types.put(e.getKey(), type(e.getKey(), e.getValue()));
        }
        Map<String, FaultTable> tables = new LinkedHashMap<>();
        for (String resource : TABLES) {
            JsonNode t = read(resource);
            Map<String, String> codes = new LinkedHashMap<>();
            t.path("codes").fields().forEachRemaining(c -> {
                String type = c.getValue().path("type").asText();
                if (!types.containsKey(type)) {
                    throw new IllegalStateException(
                            resource + ": code " + c.getKey() + ": no fault type '" + type + "' in " + VOCABULARY);
                }
                codes.put(c.getKey(), type);
            });
            String id = t.path("table").asText();
            tables.put(
                    id,
                    new FaultTable(
                            id, t.path("version").asInt(), t.path("title").asText(), codes, true));
        }
        return new FaultCatalog(vocabulary.path("version").asInt(), types, tables);
    }

    private static FaultType type(String id, JsonNode n) {
        Duration debounce = Scalars.duration(Duration.ZERO, Duration.ofHours(1))
                .parse(n.path("debounce").asText());
        if (debounce == null) {
            throw new IllegalStateException(VOCABULARY + ": " + id + ": bad debounce " + n.path("debounce"));
        }
        return new FaultType(
                id,
                Category.valueOf(n.path("category").asText().toUpperCase(Locale.ROOT)),
                n.path("severity").asText(),
                debounce,
                Optional.ofNullable(n.path("alarm").textValue()),
                n.path("clearsService").asBoolean(false),
                n.path("en").asText(),
                n.path("zh").asText());
    }

    private static JsonNode read(String resource) {
        try (InputStream in = FaultResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
    }
}

package io.courtyard.journal.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;

/**
 * An object a device sent beside the members we declare (a monitor's vendor extras), kept as it
 * was so nothing it said is lost; its members are the device's, not ours, and are never personal
 * data by our declarations. Always one JSON object.
 */
public record RawJson(String json) {
    private static final JsonFactory JSON = new JsonFactory();

    public RawJson {
        if (json == null || !json.startsWith("{")) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
    }

    /** Copies the object at the parser's current token through its end, as compact text. */
    static RawJson read(JsonParser p) throws IOException, BodyException {
        expectObject(p);
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return new RawJson(out.toString());
    }

    /** Checks that an object starts at the parser's current token and passes over it, copying nothing. */
    static Object skip(JsonParser p) throws IOException, BodyException {
        expectObject(p);
        p.skipChildren();
        return FieldReader.CHECKED;
    }

    private static void expectObject(JsonParser p) throws BodyException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BodyException("expected an object, found " + p.currentToken());
        }
    }

    @Override
    public String toString() {
        return json;
    }
}

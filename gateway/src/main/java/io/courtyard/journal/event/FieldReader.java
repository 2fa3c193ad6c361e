package io.courtyard.journal.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one member's value strictly as its {@link Field} declares it: a wrong JSON type, an
 * integer out of its Java range or a value outside a choice is a {@link BodyException} naming the
 * member and what was found.
 */
final class FieldReader {
    private FieldReader() {}

    static Object read(Field f, JsonParser p) throws IOException, BodyException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        return switch (f.type()) {
            case TEXT -> text(f, p);
            case INTEGER -> integer(f, p);
            case NUMBER -> {
                if (!t.isNumeric()) {
                    throw new BodyException(f.name() + ": expected a number, found " + t);
                }
                yield p.getDoubleValue();
            }
            case JSON -> RawJson.read(p);
            case BOOLEAN -> {
                if (!t.isBoolean()) {
                    throw new BodyException(f.name() + ": expected true or false, found " + t);
                }
                yield p.getBooleanValue();
            }
            case TIME -> {
                try {
                    yield Instants.parse(text(f, p));
                } catch (DateTimeParseException e) {
                    throw new BodyException(f.name() + ": not an ISO-8601 instant: " + p.getText());
                }
            }
            case CHOICE -> choice(f, p);
            case TEXT_LIST, INTEGER_LIST -> list(f, p);
            case OBJECT -> f.nested().read(p, null);
            case OBJECT_LIST -> objects(f, p);
        };
    }

    private static String text(Field f, JsonParser p) throws IOException, BodyException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new BodyException(f.name() + ": expected a string, found " + p.currentToken());
        }
        return p.getText();
    }

    private static Object integer(Field f, JsonParser p) throws IOException, BodyException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw new BodyException(f.name() + ": expected an integer, found " + p.currentToken());
        }
        long v = p.getLongValue();
        if (f.javaType() == int.class || f.javaType() == Integer.class) {
            if (v != (int) v) {
                throw new BodyException(f.name() + ": " + v + " is out of range");
            }
            return (int) v;
        }
        return v;
    }

    private static Object choice(Field f, JsonParser p) throws IOException, BodyException {
        String wire = text(f, p);
        Object e = Choices.parse(f.javaType(), wire);
        if (e == null) {
            throw new BodyException(f.name() + ": " + wire + " is not one of " + f.choices());
        }
        return e;
    }

    private static List<Object> objects(Field f, JsonParser p) throws IOException, BodyException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BodyException(f.name() + ": expected an array, found " + p.currentToken());
        }
        List<Object> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(f.nested().read(p, null));
        }
        return List.copyOf(out);
    }

    private static List<Object> list(Field f, JsonParser p) throws IOException, BodyException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BodyException(f.name() + ": expected an array, found " + p.currentToken());
        }
        List<Object> out = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (f.type() == ValueType.TEXT_LIST) {
                out.add(text(f, p));
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getLongValue() == p.getIntValue()) {
                out.add(p.getIntValue());
            } else {
                throw new BodyException(f.name() + ": expected integers, found " + p.getText());
            }
        }
        return List.copyOf(out);
    }
}

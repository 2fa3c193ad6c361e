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
 * member and what was found. A check-only read ({@code build} false) refuses the same values,
 * and a member written as null besides (the journal's writer leaves absent members out, so a
 * body with a null is not as it wrote it), and returns {@link #CHECKED} instead of building the
 * value.
 */
final class FieldReader {
    /** What a check-only read returns for a value that is present and valid. */
    static final Object CHECKED = new Object();

    private FieldReader() {}

    static Object read(Field f, JsonParser p, boolean build) throws IOException, BodyException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            if (!build) {
                throw new BodyException(f.name() + ": written as null, where the writer leaves it out");
            }
            return null;
        }
        return switch (f.type()) {
            case TEXT -> build ? text(f, p) : string(f, p);
            case INTEGER -> integer(f, p);
            case NUMBER -> {
                if (!t.isNumeric()) {
                    throw new BodyException(f.name() + ": expected a number, found " + t);
                }
                yield build ? p.getDoubleValue() : CHECKED;
            }
            case JSON -> build ? RawJson.read(p) : RawJson.skip(p);
            case BOOLEAN -> {
                if (!t.isBoolean()) {
                    throw new BodyException(f.name() + ": expected true or false, found " + t);
                }
                yield build ? p.getBooleanValue() : CHECKED;
            }
            case TIME -> {
                try {
                    yield Instants.parse(text(f, p));
                } catch (DateTimeParseException e) {
                    throw new BodyException(f.name() + ": not an ISO-8601 instant: " + p.getText());
                }
            }
            case CHOICE -> choice(f, p);
            case TEXT_LIST, INTEGER_LIST -> list(f, p, build);
            case OBJECT -> f.nested().read(p, null, build);
            case OBJECT_LIST -> objects(f, p, build);
        };
    }

    private static String text(Field f, JsonParser p) throws IOException, BodyException {
        string(f, p);
        return p.getText();
    }

    /** Checks for a string without copying its text: the parser skips it unread. */
    private static Object string(Field f, JsonParser p) throws BodyException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new BodyException(f.name() + ": expected a string, found " + p.currentToken());
        }
        return CHECKED;
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

    private static Object objects(Field f, JsonParser p, boolean build) throws IOException, BodyException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BodyException(f.name() + ": expected an array, found " + p.currentToken());
        }
        List<Object> out = build ? new ArrayList<>() : null;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            Object o = f.nested().read(p, null, build);
            if (build) {
                out.add(o);
            }
        }
        return build ? List.copyOf(out) : CHECKED;
    }

    private static Object list(Field f, JsonParser p, boolean build) throws IOException, BodyException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new BodyException(f.name() + ": expected an array, found " + p.currentToken());
        }
        List<Object> out = build ? new ArrayList<>() : null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            Object v;
            if (f.type() == ValueType.TEXT_LIST) {
                v = build ? text(f, p) : string(f, p);
            } else if (t == JsonToken.VALUE_NUMBER_INT && p.getLongValue() == p.getIntValue()) {
                v = p.getIntValue();
            } else {
                throw new BodyException(f.name() + ": expected integers, found " + p.getText());
            }
            if (build) {
                out.add(v);
            }
        }
        return build ? List.copyOf(out) : CHECKED;
    }
}

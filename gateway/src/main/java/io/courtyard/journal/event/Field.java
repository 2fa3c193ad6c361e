package io.courtyard.journal.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One member of an event body: its JSON name (the record component's name), type, whether it may
 * be absent, its {@link Privacy} and its InfluxDB role. Derived from the record component and its
 * annotations, so the record is the only declaration.
 */
public final class Field {
    private final String name;
    private final ValueType type;
    private final boolean nullable;
    private final Privacy privacy;
    private final boolean tag;
    private final Class<?> javaType;
    private final Function<Object, Object> accessor;
    private final String constant;
    private final Shape nested;

    private Field(
            String name,
            ValueType type,
            boolean nullable,
            Privacy privacy,
            boolean tag,
            Class<?> javaType,
            Function<Object, Object> accessor,
            String constant,
            Shape nested) {
        this.name = name.intern();
        this.type = type;
        this.nullable = nullable;
        this.privacy = privacy;
        this.tag = tag;
        this.javaType = javaType;
        this.accessor = accessor;
        this.constant = constant;
        this.nested = nested;
        if (tag && !privacy.influx()) {
            throw new IllegalStateException(name + ": personal data is never an InfluxDB tag");
        }
        if (tag && !(type == ValueType.TEXT || type == ValueType.CHOICE || type == ValueType.INTEGER)) {
            throw new IllegalStateException(name + ": only text, choices and integers can be InfluxDB tags");
        }
    }

    static Field constant(Constant c) {
        return new Field(c.name(), ValueType.TEXT, false, Privacy.NONE, c.tag(), String.class, null, c.value(), null);
    }

    static Field of(RecordComponent c) {
        Class<?> raw = c.getType();
        Personal personal = c.getAnnotation(Personal.class);
        boolean nullable = c.isAnnotationPresent(Nullable.class);
        if (nullable && raw.isPrimitive()) {
            throw new IllegalStateException(c + ": a primitive cannot be absent; use its box");
        }
        ValueType type = typeOf(c, raw);
        return new Field(
                c.getName(),
                type,
                nullable,
                personal == null ? Privacy.NONE : personal.value(),
                c.isAnnotationPresent(Tag.class),
                raw,
                accessor(c),
                null,
                nested(c, raw, type));
    }

    private static Shape nested(RecordComponent c, Class<?> raw, ValueType type) {
        return switch (type) {
            case OBJECT -> Shape.of(raw.asSubclass(Record.class));
            case OBJECT_LIST -> Shape.of(
                    ((Class<?>) ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0])
                            .asSubclass(Record.class));
            default -> null;
        };
    }

    private static ValueType typeOf(RecordComponent c, Class<?> raw) {
        if (raw == String.class) {
            return ValueType.TEXT;
        }
        if (raw == int.class || raw == long.class || raw == Integer.class || raw == Long.class) {
            return ValueType.INTEGER;
        }
        if (raw == double.class || raw == Double.class) {
            return ValueType.NUMBER;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return ValueType.BOOLEAN;
        }
        if (raw == RawJson.class) {
            return ValueType.JSON;
        }
        if (raw == Instant.class) {
            return ValueType.TIME;
        }
        if (raw.isEnum()) {
            return ValueType.CHOICE;
        }
        if (raw.isRecord()) {
            return ValueType.OBJECT;
        }
        if (raw == List.class && c.getGenericType() instanceof ParameterizedType p) {
            Type element = p.getActualTypeArguments()[0];
            if (element == String.class) {
                return ValueType.TEXT_LIST;
            }
            if (element == Integer.class) {
                return ValueType.INTEGER_LIST;
            }
            if (element instanceof Class<?> k && k.isRecord()) {
                return ValueType.OBJECT_LIST;
            }
        }
        throw new IllegalStateException(c + ": no wire type for " + c.getGenericType());
    }

    /**
     * A plain function over the accessor, made once: an event's fields are read on every encode,
     * and a reflective call per field would cost the journal writer more than the JSON does.
     */
    @SuppressWarnings("unchecked")
    private static Function<Object, Object> accessor(RecordComponent c) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle h = lookup.unreflect(c.getAccessor());
            return (Function<Object, Object>) LambdaMetafactory.metafactory(
                            lookup,
                            "apply",
                            MethodType.methodType(Function.class),
                            MethodType.methodType(Object.class, Object.class),
                            h,
                            h.type().wrap())
                    .getTarget()
                    .invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(c + ": cannot read it", e);
        }
    }

    public String name() {
        return name;
    }

    public ValueType type() {
        return type;
    }

    public boolean nullable() {
        return nullable;
    }

    public Privacy privacy() {
        return privacy;
    }

    /** Written to InfluxDB as a tag; otherwise numbers and booleans are fields, the rest not written. */
    public boolean tag() {
        return tag;
    }

    /** The value every body carries, for a {@link Constant}; null for a record component. */
    public String constant() {
        return constant;
    }

    /** The declared fields of an {@link ValueType#OBJECT} or of each {@link ValueType#OBJECT_LIST} element, else null. */
    public Shape nested() {
        return nested;
    }

    /** The allowed wire values of a {@link ValueType#CHOICE}, else an empty list. */
    public List<String> choices() {
        List<String> out = new ArrayList<>();
        if (type == ValueType.CHOICE) {
            for (Object e : javaType.getEnumConstants()) {
                out.add(Choices.wire((Enum<?>) e));
            }
        }
        return out;
    }

    Object value(Object record) {
        return constant != null ? constant : accessor.apply(record);
    }

    void write(JsonGenerator g, Object record, Audience audience) throws IOException {
        Object v = value(record);
        if (v == null || audience == Audience.UPSTREAM && !privacy.upstream()) {
            return;
        }
        g.writeFieldName(name);
        if (audience == Audience.LOG && !privacy.logged()) {
            g.writeString(Privacy.LOG_MASK);
            return;
        }
        switch (type) {
            case TEXT -> g.writeString((String) v);
            case INTEGER -> g.writeNumber(((Number) v).longValue());
            case NUMBER -> g.writeNumber((Double) v);
            case JSON -> g.writeRawValue(((RawJson) v).json());
            case BOOLEAN -> g.writeBoolean((Boolean) v);
            case TIME -> g.writeString(Instants.format((Instant) v));
            case CHOICE -> g.writeString(Choices.wire((Enum<?>) v));
            case TEXT_LIST -> {
                g.writeStartArray();
                for (Object s : (List<?>) v) {
                    g.writeString((String) s);
                }
                g.writeEndArray();
            }
            case INTEGER_LIST -> {
                g.writeStartArray();
                for (Object n : (List<?>) v) {
                    g.writeNumber(((Number) n).longValue());
                }
                g.writeEndArray();
            }
            case OBJECT -> {
                g.writeStartObject();
                nested.writeMembers(g, v, audience);
                g.writeEndObject();
            }
            case OBJECT_LIST -> {
                g.writeStartArray();
                for (Object o : (List<?>) v) {
                    g.writeStartObject();
                    nested.writeMembers(g, o, audience);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
        }
    }

    /**
     * Reads the value at the parser's current token, converted to the component's Java type; or,
     * unless {@code build}, only checks it (as {@link FieldReader} says).
     */
    Object read(JsonParser p, boolean build) throws IOException, BodyException {
        return FieldReader.read(this, p, build);
    }

    Class<?> javaType() {
        return javaType;
    }

    /** Hands the value to InfluxDB as tag, field or nothing, as declared. */
    void influx(Object record, InfluxTarget target) {
        Object v = value(record);
        if (v == null || !privacy.influx()) {
            return;
        }
        if (tag) {
            target.tag(name, v instanceof Enum<?> e ? Choices.wire(e) : v.toString());
        } else if (type == ValueType.INTEGER || type == ValueType.NUMBER) {
            target.field(name, ((Number) v).doubleValue());
        } else if (type == ValueType.BOOLEAN) {
            target.field(name, (Boolean) v);
        }
    }

    @Override
    public String toString() {
        return name + ":" + type.wire();
    }
}

package io.courtyard.journal.event;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The declared body of one record type: its {@link Constant} first, then one {@link Field} per
 * record component in declaration order. Bodies are written in that order and read strictly: an
 * unknown member, a wrong type, a missing required member or a wrong constant is refused, so
 * that a body is either the declared record or visibly something else. A component of type
 * {@link EventKind} is no member: it is the topic the producer chose (for types published on two),
 * stored in the journal's kind column and given back from there.
 */
public final class Shape {
    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();
    /** Begins the problem of a body whose members read but that the record's constructor refused. */
    static final String REFUSED = "refused by the record: ";

    private final Class<? extends Record> type;
    private final List<Field> fields;
    /** The same, for the loops that run per event. */
    private final Field[] members;

    private final Map<String, Integer> index = new HashMap<>();
    private final MethodHandle constructor;
    /** For each constructor argument, the index of its field, or -1 for the row's kind. */
    private final int[] arguments;
    /** What {@link #check} reads: required members that can be null, and nested objects. */
    private final Field[] checked;
    /** Some member, nested ones included, never goes upstream. */
    private final boolean holdsBack;
    /** A bit per member that may not be absent, by its index in {@link #members}. */
    private final long required;

    private Shape(Class<? extends Record> type) {
        this.type = type;
        List<Field> all = new ArrayList<>();
        Constant c = type.getAnnotation(Constant.class);
        if (c != null) {
            all.add(Field.constant(c));
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        arguments = new int[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            if (types[i] == EventKind.class) {
                arguments[i] = -1;
            } else {
                arguments[i] = all.size();
                all.add(Field.of(components[i]));
            }
        }
        this.fields = Collections.unmodifiableList(all);
        this.members = all.toArray(Field[]::new);
        this.checked = all.stream()
                .filter(f -> f.constant() == null
                        && (f.nested() != null || !f.nullable() && !f.javaType().isPrimitive()))
                .toArray(Field[]::new);
        if (all.size() > Long.SIZE) {
            throw new IllegalStateException(type.getSimpleName() + ": more than " + Long.SIZE + " members");
        }
        long mask = 0;
        for (int i = 0; i < all.size(); i++) {
            mask |= all.get(i).nullable() ? 0 : 1L << i;
        }
        this.required = mask;
        this.holdsBack = all.stream()
                .anyMatch(f -> !f.privacy().upstream()
                        || f.nested() != null && f.nested().holdsBack());
        for (int i = 0; i < all.size(); i++) {
            String name = all.get(i).name();
            if (index.put(name, i) != null || Envelope.reserved().contains(name)) {
                throw new IllegalStateException(type.getSimpleName() + ": member " + name + " taken");
            }
        }
        try {
            constructor = MethodHandles.lookup()
                    .findConstructor(type, MethodType.methodType(void.class, types))
                    .asSpreader(Object[].class, types.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + ": no canonical constructor", e);
        }
    }

    /** The shape of a record type, built once from its components and their annotations. */
    public static Shape of(Class<? extends Record> type) {
        Shape s = SHAPES.get(type);
        if (s == null) {
            // Built outside the map: a shape builds the shapes of its nested records first.
            Shape built = new Shape(type);
            s = SHAPES.putIfAbsent(type, built);
            return s == null ? built : s;
        }
        return s;
    }

    public Class<? extends Record> type() {
        return type;
    }

    /** Every member in wire order, the constant first. */
    public List<Field> fields() {
        return fields;
    }

    /** Whether a member of this shape (or of a nested one) is kept off the upstream payload. */
    boolean holdsBack() {
        return holdsBack;
    }

    /** Fails on a required field left null: producers learn it where they build the record. */
    void check(Object record) {
        // On the producer's thread, for every event: an indexed loop over what can fail, no boxing.
        for (int i = 0; i < checked.length; i++) {
            Field f = checked[i];
            Object v = f.value(record);
            if (v == null && !f.nullable()) {
                throw new IllegalArgumentException(type.getSimpleName() + "." + f.name() + " is required");
            }
            if (v instanceof List<?> list && f.nested() != null) {
                for (Object o : list) {
                    f.nested().check(Objects.requireNonNull(o, f.name()));
                }
            } else if (v != null && f.nested() != null) {
                f.nested().check(v);
            }
        }
    }

    void writeMembers(JsonGenerator g, Object record, Audience audience) throws IOException {
        for (Field f : members) {
            f.write(g, record, audience);
        }
    }

    void influx(Object record, InfluxTarget target) {
        for (Field f : members) {
            f.influx(record, target);
        }
    }

    /**
     * Reads the object starting at the parser's current token (START_OBJECT) through its
     * END_OBJECT; {@code kind} is the row's, for a component of that type. Unless {@code build},
     * only checks it: the same members refused for the same reasons, nothing built, and
     * {@link FieldReader#CHECKED} returned; the record's constructor does not run, so the checks
     * a record makes across its members (one of two present) are left to the journal's writer,
     * which ran them when it appended the event.
     */
    Object read(JsonParser p, EventKind kind, boolean build) throws IOException, BodyException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BodyException(type.getSimpleName() + ": expected an object, found " + p.currentToken());
        }
        // Which members were read (not null), a bit each: a check-only read needs nothing more.
        Object[] values = build ? new Object[members.length] : null;
        long present = 0;
        int next = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            // Bodies come in declaration order and Jackson interns member names: one identity
            // check per member in the usual case, the map only for a body in another order.
            String name = p.currentName();
            int i;
            if (next < members.length && members[next].name() == name) {
                i = next;
            } else {
                Integer found = index.get(name);
                if (found == null) {
                    throw new BodyException(type.getSimpleName() + ": unknown member " + name);
                }
                i = found;
            }
            next = i + 1;
            p.nextToken();
            Field f = members[i];
            Object v = f.constant() != null ? readConstant(p, f) : f.read(p, build);
            present = v == null ? present & ~(1L << i) : present | 1L << i;
            if (build) {
                values[i] = v;
            }
        }
        if ((present & required) != required) {
            int i = Long.numberOfTrailingZeros(required & ~present);
            throw new BodyException(type.getSimpleName() + ": missing " + members[i].name());
        }
        if (!build) {
            return FieldReader.CHECKED;
        }
        Object[] args = new Object[arguments.length];
        for (int i = 0; i < args.length; i++) {
            args[i] = arguments[i] < 0 ? kind : values[arguments[i]];
        }
        try {
            return (Object) constructor.invokeExact(args);
        } catch (RuntimeException e) {
            throw new BodyException(type.getSimpleName() + ": " + REFUSED + e.getMessage());
        } catch (Throwable e) {
            throw new IllegalStateException(type + ": constructor failed", e);
        }
    }

    private String readConstant(JsonParser p, Field f) throws IOException, BodyException {
        String v = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        if (!Objects.equals(v, f.constant())) {
            throw new BodyException(
                    type.getSimpleName() + ": " + f.name() + " must be " + f.constant() + ", found " + p.getText());
        }
        return v;
    }

    @Override
    public String toString() {
        return type.getSimpleName() + fields;
    }
}

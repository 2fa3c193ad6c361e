package io.courtyard.journal.event;

/** The JSON type of an event field, as the README's field tables name it. */
public enum ValueType {
    /** A JSON string. */
    TEXT("string"),
    /** A JSON integer (a Java {@code int} or {@code long}). */
    INTEGER("integer"),
    /** A JSON number that may have a fraction (a Java {@code double}). */
    NUMBER("number"),
    BOOLEAN("boolean"),
    /** An instant as an ISO-8601 string in UTC, as {@code Instant.toString} writes it. */
    TIME("time"),
    /** A string out of a fixed set: the wire names of a Java enum. */
    CHOICE("string"),
    TEXT_LIST("array of strings"),
    INTEGER_LIST("array of integers"),
    /** A nested object with its own declared fields. */
    OBJECT("object"),
    /** An array of nested objects, each with the element record's declared fields. */
    OBJECT_LIST("array of objects"),
    /** An object a device sent, kept as it was ({@link RawJson}): its members are the device's. */
    JSON("object as received");

    private final String wire;

    ValueType(String wire) {
        this.wire = wire;
    }

    /** The name the README's tables use. */
    public String wire() {
        return wire;
    }
}

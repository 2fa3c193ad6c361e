package io.courtyard.journal.event;

/** Where an event's InfluxDB tags and fields go; the uplink adapts it to the client library's point. */
public interface InfluxTarget {
    void tag(String name, String value);

    /** Numbers are always written as floats: InfluxDB fixes a field's type per shard. */
    void field(String name, double value);

    void field(String name, boolean value);
}

package io.courtyard.journal.event;

import java.util.ArrayList;
import java.util.List;

/**
 * The members every upstream event object starts with, in this order, before the event's own
 * fields; no event field may take one of these names. Declared once: the MQTT payload writes them
 * from here, the InfluxDB point maps them from here, the README's envelope table is checked
 * against them.
 */
public enum Envelope {
    /** {@code {siteId}-{instance}-{seq}}: globally unique, a resend carries the same id. */
    ID("id", "string", "field"),
    /** The gateway's sequence number: dense and increasing per site; gaps are purged telemetry. */
    SEQ("seq", "integer", "field"),
    /** The topic's last segment ({@link EventKind#topic()}). */
    KIND("kind", "string", "measurement"),
    /** The device id from the configuration, or {@code gateway} for the gateway's own events. */
    DEVICE("device", "string", "tag"),
    /** Device time as the device reported it (ISO-8601, UTC), never rewritten. */
    TS("ts", "time", "timestamp (ms) + seq mod 10^6 ns"),
    /** When the gateway received the event (ISO-8601, UTC). */
    RECEIVED_AT("receivedAt", "time", "not written");

    /** The InfluxDB tag every point carries besides the device: the site id. */
    public static final String SITE_TAG = "site";

    private final String wire;
    private final String type;
    private final String influx;

    Envelope(String wire, String type, String influx) {
        this.wire = wire;
        this.type = type;
        this.influx = influx;
    }

    public String wire() {
        return wire;
    }

    /** The JSON type, as the README's tables name it. */
    public String type() {
        return type;
    }

    /** What InfluxDB makes of it. */
    public String influx() {
        return influx;
    }

    /** Every envelope name, plus {@link #SITE_TAG}: names no event field may take. */
    public static List<String> reserved() {
        List<String> names = new ArrayList<>();
        for (Envelope e : values()) {
            names.add(e.wire);
        }
        names.add(SITE_TAG);
        return names;
    }
}

package io.courtyard.device.monitor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A monitor message, decoded. */
sealed interface Payload {
    /** The device's time of the message, or null when it gave none. */
    Instant ts();

    /** Fields the schema does not know, kept as sent (empty when none). */
    ObjectNode extra();

    /** {@code devices/{id}/status}. */
    record Status(Instant ts, MonitorStatus status, ObjectNode extra) implements Payload {}

    /** {@code devices/{id}/fault}: a code raised or cleared. */
    record Fault(Instant ts, String code, boolean raised, ObjectNode extra) implements Payload {}
}

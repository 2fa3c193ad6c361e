package io.courtyard.device.mqtt;

import java.util.concurrent.CompletableFuture;

/**
 * The seam between the device MQTT listener and the room that understands what devices say (the
 * elevator monitors): the listener authenticates, enforces the ACL and the limits, and hands over
 * whole messages; the other side journals them. Called on the listener's event loops: never block.
 */
public interface DeviceMessages {
    /**
     * A message the device published, or its will. The future completes once everything it caused
     * is durable in the journal (a QoS 1 PUBACK waits for it) and fails when that cannot be done.
     */
    CompletableFuture<Handled> publish(Inbound message);

    /** The device's first connection opened (a second one, or a takeover, is not news). */
    void online(String device, Connection connection);

    /** The device's last connection closed. */
    void offline(String device, Departure departure);

    /** What became of a published message. */
    enum Handled {
        /** Understood and journaled. */
        ACCEPTED,
        /** Journaled as malformed, with the reason: the device is told (MQTT 5 reason 0x99). */
        PAYLOAD_INVALID
    }

    /**
     * One device connection as the listener admitted it.
     *
     * @param protocol {@code mqtt-3.1.1} or {@code mqtt-5}
     * @param certificate the device proved itself with a client certificate
     */
    record Connection(String clientId, String protocol, String address, boolean tls, boolean certificate) {}
}

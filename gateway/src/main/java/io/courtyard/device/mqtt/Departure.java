package io.courtyard.device.mqtt;

import java.util.Locale;

/** Why a device connection ended. */
public enum Departure {
    /** The device sent DISCONNECT. */
    DISCONNECTED,
    /** The device sent DISCONNECT asking for its will to be published (MQTT 5 reason 0x04). */
    DISCONNECTED_WITH_WILL,
    /** The connection dropped without a DISCONNECT. */
    CONNECTION_LOST,
    /** Nothing from the device for 1.5 times its keep-alive. */
    KEEP_ALIVE_TIMEOUT,
    /** Another connection with the same client id took over. */
    TAKEN_OVER,
    /** The device broke the protocol, an ACL or a limit, and the listener closed the connection. */
    REFUSED,
    /** The journal could not take the device's messages: closed unacknowledged, so that the device sends them again. */
    SERVER_BUSY,
    /** The gateway is stopping. */
    SERVER_STOPPING;

    /** The wire form, e.g. {@code keep-alive-timeout}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Whether the device's will is published: every ending but a clean DISCONNECT (MQTT 3.1.2.5), and
     * none the gateway causes by stopping or by being overloaded: the device is not gone then.
     */
    boolean publishesWill() {
        return this != DISCONNECTED && this != SERVER_STOPPING && this != SERVER_BUSY;
    }
}

package io.courtyard.device.mqtt;

import io.courtyard.device.mqtt.DeviceMessages.Connection;

/**
 * One admitted connection's parameters, fixed at CONNECT.
 *
 * @param key the session's key: the device and its client id, so no device can take over another's session
 * @param keepAliveSeconds the keep-alive in force (0: none)
 * @param sessionExpirySeconds how long the session outlives the connection (0: not at all)
 * @param clientReceiveMaximum QoS 1 messages the device accepts in flight from us
 * @param clientMaxPacket the largest packet the device accepts from us
 */
record Session(
        String device,
        String clientId,
        String key,
        boolean v5,
        int keepAliveSeconds,
        Will will,
        long sessionExpirySeconds,
        int clientReceiveMaximum,
        int clientMaxPacket,
        Connection connection) {

    static String key(String device, String clientId) {
        return device + '\u0000' + clientId;
    }
}

package io.courtyard.device.mqtt;

/**
 * A device's last will, checked against its ACL when it connected.
 *
 * @param subtopic where it publishes, after {@code devices/{device}/}
 * @param delaySeconds MQTT 5 Will Delay Interval: published only if the session has not been resumed by then
 */
record Will(String subtopic, byte[] payload, int qos, long delaySeconds) {}

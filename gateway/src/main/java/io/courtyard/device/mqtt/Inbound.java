package io.courtyard.device.mqtt;

import java.time.Instant;

/**
 * A message a device published under its own topics, as the listener admitted it.
 *
 * @param subtopic the topic after {@code devices/{device}/}, e.g. {@code status}
 * @param will the device's will, published by the listener because its connection died
 * @param receivedAt when the gateway read it (for a will: when it was published)
 */
public record Inbound(String device, String subtopic, byte[] payload, int qos, boolean will, Instant receivedAt) {}

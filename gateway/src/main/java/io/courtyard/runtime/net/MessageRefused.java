package io.courtyard.runtime.net;

/**
 * A user event a protocol handler fires when it refuses a message ({@code oversize}, {@code malformed},
 * {@code unknown-device}, ...): the listener's tail counts it by reason, so every listener reports
 * refusals the same way.
 */
public record MessageRefused(String reason) {}

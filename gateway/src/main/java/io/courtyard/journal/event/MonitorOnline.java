package io.courtyard.journal.event;

/**
 * An elevator monitor connected to the device MQTT listener (or was heard again); the device is
 * the monitor. The connection's members are absent when it was heard without a new connection.
 *
 * @param reason why it counts as online ({@code connected}, {@code message}, ...)
 * @param certificate it authenticated with a client certificate
 */
@Constant(name = "state", value = "online", tag = true)
public record MonitorOnline(
        @Tag String elevator,
        @Tag String reason,
        @Nullable String protocol,
        @Nullable String clientId,
        @Nullable String address,
        @Nullable Boolean tls,
        @Nullable Boolean certificate)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

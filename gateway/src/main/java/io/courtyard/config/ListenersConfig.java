package io.courtyard.config;

import io.courtyard.runtime.net.ListenerLimits;
import java.time.Duration;

/** The sockets the gateway accepts connections on; each may be disabled. */
public record ListenersConfig(Listener http, Listener cameras, Listener deviceMqtt) {

    /** Operators: a few browsers and scripts; small requests. */
    static final ListenerLimits HTTP_DEFAULTS =
            new ListenerLimits(64, 16, Duration.ofSeconds(60), Duration.ofSeconds(10), 64 << 10);
    /** Cameras keep connections alive between pushes; a push may carry images. */
    static final ListenerLimits CAMERA_DEFAULTS =
            new ListenerLimits(256, 8, Duration.ofSeconds(120), Duration.ofSeconds(10), 4 << 20);
    /** Monitors hold one connection each and keep it alive by MQTT PINGs, so no idle cut of our own. */
    static final ListenerLimits DEVICE_MQTT_DEFAULTS =
            new ListenerLimits(1024, 8, Duration.ZERO, Duration.ofSeconds(10), 256 << 10);

    /** One TCP listener; port 0 asks the OS for a free port (tests only). */
    public record Listener(boolean enabled, String bind, int port, ListenerLimits limits) {
        /** A listener with the operator listener's default limits (tests). */
        public Listener(boolean enabled, String bind, int port) {
            this(enabled, bind, port, HTTP_DEFAULTS);
        }
    }
}

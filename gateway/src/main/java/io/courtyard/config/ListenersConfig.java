package io.courtyard.config;

/** The sockets the gateway accepts connections on; each may be disabled. */
public record ListenersConfig(Listener http, Listener cameras, Listener deviceMqtt) {

    /** One TCP listener; port 0 asks the OS for a free port (tests only). */
    public record Listener(boolean enabled, String bind, int port) {}
}

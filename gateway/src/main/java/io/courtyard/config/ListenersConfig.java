package io.courtyard.config;

import io.courtyard.runtime.net.ListenerLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The sockets the gateway accepts connections on; each may be disabled. */
public record ListenersConfig(
        Listener http,
        Listener cameras,
        Listener deviceMqtt,
        DeviceMqtt deviceMqttOptions,
        Optional<ServerTls> httpTls) {

    /** The operator listener in plain HTTP. */
    public ListenersConfig(Listener http, Listener cameras, Listener deviceMqtt, DeviceMqtt deviceMqttOptions) {
        this(http, cameras, deviceMqtt, deviceMqttOptions, Optional.empty());
    }

    /** Operators: a few browsers and scripts; small requests. */
    static final ListenerLimits HTTP_DEFAULTS =
            new ListenerLimits(64, 16, Duration.ofSeconds(60), Duration.ofSeconds(10), 64 << 10);
    /** Cameras keep connections alive between pushes; a push may carry images. */
    static final ListenerLimits CAMERA_DEFAULTS =
            new ListenerLimits(256, 8, Duration.ofSeconds(120), Duration.ofSeconds(10), 4 << 20);
    /** Monitors hold one connection each and keep it alive by MQTT PINGs, so no idle cut of our own. */
    static final ListenerLimits DEVICE_MQTT_DEFAULTS =
            new ListenerLimits(1024, 8, Duration.ZERO, Duration.ofSeconds(10), 256 << 10);

    /** The device MQTT listener with its default session options (tests). */
    public ListenersConfig(Listener http, Listener cameras, Listener deviceMqtt) {
        this(http, cameras, deviceMqtt, DeviceMqtt.DEFAULTS);
    }

    /** One TCP listener; port 0 asks the OS for a free port (tests only). */
    public record Listener(boolean enabled, String bind, int port, ListenerLimits limits) {
        /** A listener with the operator listener's default limits (tests). */
        public Listener(boolean enabled, String bind, int port) {
            this(enabled, bind, port, HTTP_DEFAULTS);
        }

        /** A device MQTT listener with its default limits (tests). */
        public static Listener deviceMqtt(String bind, int port) {
            return new Listener(true, bind, port, DEVICE_MQTT_DEFAULTS);
        }
    }

    /**
     * What the device MQTT listener allows each connection, besides the listener limits.
     *
     * @param tls server certificate and, for mutual TLS, the CA that signs the monitors' certificates
     * @param receiveMaximum QoS 1 publishes a connection may have waiting for their PUBACK (MQTT 5
     *     Receive Maximum); an MQTT 3.1.1 connection is simply not read while it has this many
     * @param messagesPerSecond sustained publishes per connection; beyond it the connection is read no faster
     * @param messageBurst publishes a connection may send at once before its rate applies
     * @param maxKeepAlive the longest keep-alive granted (MQTT 5 Server Keep Alive); a client asking
     *     for more, or for none, gets this
     * @param loginFailuresPerMinute failed logins one source address may make per minute; then its
     *     connections are refused until the minute has passed
     */
    public record DeviceMqtt(
            Optional<ServerTls> tls,
            int receiveMaximum,
            int messagesPerSecond,
            int messageBurst,
            Duration maxKeepAlive,
            int loginFailuresPerMinute) {
        public static final DeviceMqtt DEFAULTS =
                new DeviceMqtt(Optional.empty(), 32, 20, 100, Duration.ofMinutes(5), 5);

        public DeviceMqtt withTls(ServerTls t) {
            return new DeviceMqtt(
                    Optional.of(t),
                    receiveMaximum,
                    messagesPerSecond,
                    messageBurst,
                    maxKeepAlive,
                    loginFailuresPerMinute);
        }

        public DeviceMqtt withRate(int perSecond, int burst) {
            return new DeviceMqtt(tls, receiveMaximum, perSecond, burst, maxKeepAlive, loginFailuresPerMinute);
        }
    }

    /**
     * A listener's TLS: its certificate chain and key (PEM, PKCS#8), and optionally the CA whose client
     * certificates it accepts (mutual TLS).
     */
    public record ServerTls(
            Path certFile, Path keyFile, Optional<Path> clientCaFile, ClientCertificates clientCertificates) {}

    /** Whether a client must, may or need not present a certificate signed by {@code clientCaFile}. */
    public enum ClientCertificates {
        NONE,
        OPTIONAL,
        REQUIRED
    }
}

package io.courtyard.runtime.net;

import java.time.Duration;

/**
 * What one listener accepts before it refuses: every listener has a bound on connections (in all
 * and per source address), on idle time, on the time a message may take to arrive, and on its size.
 *
 * @param maxConnections open connections at once; one more is closed at accept
 * @param maxConnectionsPerSource open connections from one IP address; one more is closed at accept
 * @param idleTimeout a connection with no traffic either way this long is closed; zero: never (the
 *     protocol has its own keep-alive, e.g. MQTT)
 * @param messageTimeout a message (an HTTP request, an MQTT CONNECT) must be complete this long after
 *     its first byte: a client trickling bytes (slowloris) is cut
 * @param maxMessageBytes the largest message the protocol decoder accepts
 */
public record ListenerLimits(
        int maxConnections,
        int maxConnectionsPerSource,
        Duration idleTimeout,
        Duration messageTimeout,
        int maxMessageBytes) {
    public ListenerLimits {
        if (maxConnections < 1 || maxConnectionsPerSource < 1 || maxConnectionsPerSource > maxConnections) {
            throw new IllegalArgumentException("connections: need 1 <= maxConnectionsPerSource ("
                    + maxConnectionsPerSource + ") <= maxConnections (" + maxConnections + ")");
        }
        if (idleTimeout.isNegative() || messageTimeout.isNegative() || messageTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "timeouts: idle " + idleTimeout + " must be >= 0, message " + messageTimeout + " > 0");
        }
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " must be positive");
        }
    }
}

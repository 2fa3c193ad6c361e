package io.courtyard.uplink;

import io.courtyard.config.UpstreamConfig;
import io.courtyard.runtime.ExponentialBackoff;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one factory for the gateway's connections to the upstream broker: the event uplink
 * ({@link MqttSink}) and the access-list/command channel ({@link UpstreamChannel}) keep separate
 * connections, so that a revocation never waits behind an event backlog, but take their TLS,
 * credentials, session, keep-alive, client ids, backoff and maximum packet size from here.
 *
 * <p>Every connection is a fresh Paho client with a persistent session (clean start off, the
 * configured session expiry): Paho 1.2.5 cannot be trusted to resume one
 * (eclipse-paho/paho.mqtt.java#1104). Every connection also states the largest packet it accepts
 * (MQTT 5 Maximum Packet Size), which a broker must honour by dropping larger messages, and
 * enforces it itself below Paho in case a broker does not ({@link InboundPacketLimit}).
 */
public final class UpstreamConnections {
    private static final Logger log = LoggerFactory.getLogger(UpstreamConnections.class);

    /** Room beside a payload in one PUBLISH for its fixed header, topic and properties. */
    public static final int PACKET_OVERHEAD = 16 << 10;

    /** Connect timeout and the reconnection backoff (full jitter: a broker restart sees every gateway at once). */
    public record Timing(Duration connectTimeout, Duration backoffBase, Duration backoffCap) {
        public static final Timing DEFAULTS =
                new Timing(Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(60));
    }

    private final UpstreamConfig.Mqtt config;
    private final String clientIdBase;
    private final SSLSocketFactory tls;
    private final Timing timing;

    private UpstreamConnections(UpstreamConfig.Mqtt config, String siteId, SSLSocketFactory tls, Timing timing) {
        this.config = config;
        this.clientIdBase = config.clientId() != null ? config.clientId() : "courtyard-" + siteId;
        this.tls = tls;
        this.timing = timing;
    }

    /** Reads the TLS material now, so that a bad PEM fails startup rather than every reconnect. */
    public static UpstreamConnections resolve(UpstreamConfig.Mqtt config, String siteId, Timing timing)
            throws IOException, GeneralSecurityException {
        boolean ssl = "ssl".equals(config.uri().getScheme());
        if (ssl != config.tls().isPresent()) {
            throw new IllegalArgumentException("upstream.mqtt: uri " + config.uri()
                    + (ssl
                            ? " needs a tls section (caFile)"
                            : " is not ssl://, yet a tls section is configured; use ssl://host:8883"));
        }
        return new UpstreamConnections(
                config, siteId, ssl ? UplinkTls.socketFactory(config.tls().get()) : null, timing);
    }

    /** The configured broker URI, for logs. */
    public URI uri() {
        return config.uri();
    }

    /** {@code upstream.mqtt.clientId} (default {@code courtyard-{siteId}}) followed by {@code suffix}. */
    public String clientId(String suffix) {
        return clientIdBase + suffix;
    }

    public String topicPrefix() {
        return config.topicPrefix();
    }

    public Duration connectTimeout() {
        return timing.connectTimeout();
    }

    /** A new backoff for one connection's reconnections. */
    public ExponentialBackoff backoff() {
        return new ExponentialBackoff(timing.backoffBase(), timing.backoffCap(), ExponentialBackoff.Jitter.FULL);
    }

    /** A fresh client; TLS is done by this factory's sockets, so Paho always sees a TCP URI. */
    public MqttAsyncClient client(String clientId) throws MqttException {
        URI u = config.uri();
        return new MqttAsyncClient("tcp://" + u.getHost() + ":" + u.getPort(), clientId, new MemoryPersistence());
    }

    /** Ends a client without DISCONNECT (the broker then sends its will) and frees its threads; never throws. */
    static void forceClose(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException e) {
            log.debug("upstream: forcible disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            log.debug("upstream: close: {}", e.toString());
        }
    }

    /** Options for one connection that accepts incoming packets of at most {@code maxIncomingPacket} bytes. */
    public MqttConnectionOptions options(long maxIncomingPacket) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        // A persistent session: the broker keeps our subscriptions and queues what arrives for us
        // through short outages.
        o.setCleanStart(false);
        o.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, timing.connectTimeout().toSeconds()));
        // Reconnecting is the owner's job, with a fresh client each time.
        o.setAutomaticReconnect(false);
        config.username().ifPresent(o::setUserName);
        config.password().ifPresent(p -> o.setPassword(p.reveal().getBytes(StandardCharsets.UTF_8)));
        o.setMaximumPacketSize(maxIncomingPacket);
        String host = config.uri().getHost();
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        o.setSocketFactory(new UpstreamSockets(tls, host, config.uri().getPort(), maxIncomingPacket, (int)
                timing.connectTimeout().toMillis()));
        return o;
    }
}

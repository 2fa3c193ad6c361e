package io.courtyard.uplink;

import io.courtyard.config.Secret;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.runtime.Version;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/** Everything one connection attempt needs, resolved once when the sink starts. */
record UplinkSettings(
        URI uri,
        String clientId,
        Optional<String> username,
        Optional<Secret> password,
        SSLSocketFactory socketFactory,
        Duration keepAlive,
        Duration sessionExpiry,
        Duration connectTimeout,
        int inflightCap,
        UplinkTopics topics,
        UplinkJson json,
        String version) {

    /** Reads the TLS material now, so that a bad PEM fails startup rather than every reconnect. */
    static UplinkSettings resolve(
            UpstreamConfig.Mqtt config, String siteId, UplinkOptions options, UplinkTopics topics, UplinkJson json)
            throws IOException, GeneralSecurityException {
        boolean ssl = "ssl".equals(config.uri().getScheme());
        if (ssl != config.tls().isPresent()) {
            throw new IllegalArgumentException("upstream.mqtt: uri " + config.uri()
                    + (ssl
                            ? " needs a tls section (caFile)"
                            : " is not ssl://, yet a tls section is configured; use ssl://host:8883"));
        }
        return new UplinkSettings(
                config.uri(),
                config.clientId() != null ? config.clientId() : "courtyard-" + siteId,
                config.username(),
                config.password(),
                ssl ? UplinkTls.socketFactory(config.tls().get()) : null,
                config.keepAlive(),
                config.sessionExpiry(),
                options.connectTimeout(),
                options.inflightCap(),
                topics,
                json,
                Version.current());
    }

    /** Paho's options for one connection made at {@code now}, the Last Will included. */
    MqttConnectionOptions connectionOptions(Instant now) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        // A persistent session, so that the broker keeps what it holds for us (the subscriptions
        // of a later command channel) across short outages.
        o.setCleanStart(false);
        o.setSessionExpiryInterval(sessionExpiry.toSeconds());
        o.setKeepAliveInterval((int) keepAlive.toSeconds());
        o.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        // Reconnecting is the sink's job: a fresh client each time (see UplinkConnection).
        o.setAutomaticReconnect(false);
        username.ifPresent(o::setUserName);
        password.ifPresent(p -> o.setPassword(p.reveal().getBytes(StandardCharsets.UTF_8)));
        if (socketFactory != null) {
            o.setSocketFactory(socketFactory);
            o.setHttpsHostnameVerificationEnabled(true);
        }
        byte[] will = json.status("offline", "connection lost", "onlineSince", now, version);
        o.setWill(topics.status(), UplinkConnection.message(will, true));
        return o;
    }
}

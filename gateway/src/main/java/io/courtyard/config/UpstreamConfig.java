package io.courtyard.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The property-management platform: an MQTT broker and optionally an InfluxDB v2 endpoint. */
public record UpstreamConfig(Optional<Mqtt> mqtt, Optional<Influx> influx) {

    /** Eclipse Paho MQTT 5 publisher settings. */
    public record Mqtt(
            URI uri,
            String clientId,
            String topicPrefix,
            Optional<String> username,
            Optional<Secret> password,
            Optional<Tls> tls,
            Duration keepAlive,
            Duration sessionExpiry,
            int batchSize) {}

    /** TLS material: a CA to trust and, for mutual TLS, a client certificate and key (PEM). */
    public record Tls(Path caFile, Optional<Path> certFile, Optional<Path> keyFile) {}

    /** InfluxDB v2 write API settings. */
    public record Influx(URI url, String org, String bucket, Optional<Secret> token) {}
}

package io.courtyard.testsupport;

import io.courtyard.config.UpstreamConfig;
import io.courtyard.uplink.UplinkOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Upstream MQTT configs and sink options for tests: short waits, nothing else different from production. */
public final class UplinkFixtures {
    public static final String SITE = "site1";
    public static final String PREFIX = "cy";

    private UplinkFixtures() {}

    public static UpstreamConfig.Mqtt mqtt(String uri, int batchSize) {
        return mqtt(uri, batchSize, Optional.empty());
    }

    public static UpstreamConfig.Mqtt mqtt(String uri, int batchSize, Optional<UpstreamConfig.Tls> tls) {
        return new UpstreamConfig.Mqtt(
                URI.create(uri),
                null,
                PREFIX,
                Optional.empty(),
                Optional.empty(),
                tls,
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                batchSize);
    }

    /** Reconnects within a second, so an outage test spends its time draining, not waiting. */
    public static UplinkOptions fastOptions() {
        return UplinkOptions.defaults()
                .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .withProgressEvery(Duration.ofSeconds(1));
    }
}

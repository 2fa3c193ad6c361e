package io.courtyard.uplink;

import io.courtyard.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

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
        String version) {}

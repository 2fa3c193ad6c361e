package io.courtyard.ops;

import io.courtyard.config.UpstreamConfig;
import javax.net.ssl.SSLSocketFactory;

/** TLS for the access-list sync's connection; the uplink's TLS support replaces this when it lands. */
final class AclTls {
    private AclTls() {}

    static SSLSocketFactory socketFactory(UpstreamConfig.Mqtt m) {
        if (m.tls().isPresent()) {
            throw new IllegalStateException("access-list sync over ssl:// needs the uplink's TLS support");
        }
        return null;
    }
}

package io.courtyard.device.mqtt;

import io.courtyard.config.ListenersConfig.ClientCertificates;
import io.courtyard.config.ListenersConfig.ServerTls;
import io.courtyard.runtime.net.ServerTlsContext;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.security.GeneralSecurityException;

/** The listener's Netty SslContext from PEM files: TLS 1.3 or 1.2, and client certificates when configured. */
final class MqttTls {
    private MqttTls() {}

    static SslContext server(ServerTls tls) throws IOException, GeneralSecurityException {
        return ServerTlsContext.of(
                tls.certFile(),
                tls.keyFile(),
                tls.clientCaFile(),
                tls.clientCertificates() == ClientCertificates.REQUIRED
                        ? ClientAuth.REQUIRE
                        : tls.clientCertificates() == ClientCertificates.OPTIONAL
                                ? ClientAuth.OPTIONAL
                                : ClientAuth.NONE);
    }
}

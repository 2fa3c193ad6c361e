package io.courtyard.device.mqtt;

import io.courtyard.config.ListenersConfig.ClientCertificates;
import io.courtyard.config.ListenersConfig.ServerTls;
import io.courtyard.runtime.Pem;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

/** The listener's Netty SslContext from PEM files: TLS 1.3 or 1.2, and client certificates when configured. */
final class MqttTls {
    private MqttTls() {}

    static SslContext server(ServerTls tls) throws IOException, GeneralSecurityException {
        X509Certificate[] chain = Pem.certificates(tls.certFile()).toArray(new X509Certificate[0]);
        SslContextBuilder b = SslContextBuilder.forServer(Pem.privateKey(tls.keyFile()), chain)
                .protocols("TLSv1.3", "TLSv1.2");
        if (tls.clientCaFile().isPresent()) {
            b.trustManager(Pem.certificates(tls.clientCaFile().get()).toArray(new X509Certificate[0]));
            b.clientAuth(
                    tls.clientCertificates() == ClientCertificates.REQUIRED
                            ? ClientAuth.REQUIRE
                            : tls.clientCertificates() == ClientCertificates.OPTIONAL
                                    ? ClientAuth.OPTIONAL
                                    : ClientAuth.NONE);
        }
        return b.build();
    }
}

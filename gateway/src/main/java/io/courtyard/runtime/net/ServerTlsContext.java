package io.courtyard.runtime.net;

import io.courtyard.runtime.Pem;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/** A listener's TLS from PEM files: TLS 1.3 or 1.2, and optionally the CA whose client certificates count. */
public final class ServerTlsContext {
    private ServerTlsContext() {}

    public static SslContext of(Path certFile, Path keyFile, Optional<Path> clientCaFile, ClientAuth clientAuth)
            throws IOException, GeneralSecurityException {
        X509Certificate[] chain = Pem.certificates(certFile).toArray(new X509Certificate[0]);
        SslContextBuilder b =
                SslContextBuilder.forServer(Pem.privateKey(keyFile), chain).protocols("TLSv1.3", "TLSv1.2");
        if (clientCaFile.isPresent()) {
            b.trustManager(Pem.certificates(clientCaFile.get()).toArray(new X509Certificate[0]));
            b.clientAuth(clientAuth);
        }
        return b.build();
    }
}

package io.courtyard.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.http.OperatorHttpServer;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.net.ServerTlsContext;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SettableClock;
import io.courtyard.testsupport.TestCertificates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.ssl.ClientAuth;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The operator listener over TLS from PEM files: the session cookie is then {@code Secure}; plain HTTP gets nothing. */
@Timeout(60)
class OperatorTlsTest {
    @TempDir
    Path dir;

    @Test
    void overTlsTheSessionCookieIsSecureAndPlainHttpIsNotAnswered() throws Exception {
        TestCertificates.Pki pki = TestCertificates.generate(dir);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventLoops loops = new EventLoops(1, registry);
        SettableClock clock = new SettableClock(Instant.parse("2026-10-01T08:00:00Z"));
        OperatorAuth auth = new OperatorAuth(
                ConfigLoader.load(ProjectFiles.config("demo.yaml")).operators(),
                new Audit(d -> CompletableFuture.completedFuture(null), clock),
                true,
                clock);
        AuthRoutes login = new AuthRoutes(auth);
        loops.start();
        OperatorHttpServer server = new OperatorHttpServer(new Listener(true, "127.0.0.1", 0), loops, registry)
                .route("/api/login", login::login)
                .tls(ServerTlsContext.of(pki.serverCert(), pki.serverKey(), Optional.empty(), ClientAuth.NONE));
        server.start();
        try {
            HttpClient https =
                    HttpClient.newBuilder().sslContext(trusting(pki.caCert())).build();
            HttpResponse<String> r = https.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + server.port() + "/api/login"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"user\":\"li.wei\",\"password\":\"demo-crew-2026\"}"))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Set-Cookie").orElseThrow())
                    .contains("; Secure")
                    .contains("HttpOnly")
                    .contains("SameSite=Strict");
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://127.0.0.1:" + server.port() + "/api/login"))
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IOException.class);
        } finally {
            server.stop();
            loops.stop();
        }
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}

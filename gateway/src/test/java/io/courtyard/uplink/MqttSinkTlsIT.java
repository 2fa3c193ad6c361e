package io.courtyard.uplink;

import static io.courtyard.testsupport.UplinkFixtures.PREFIX;
import static io.courtyard.testsupport.UplinkFixtures.SITE;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.config.UpstreamConfig;
import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.ListEventSource;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.TestCertificates;
import io.courtyard.testsupport.TestConsumer;
import io.courtyard.testsupport.UplinkFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Mutual TLS to a mosquitto that requires client certificates; trust, client keys and hostname checks. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MqttSinkTlsIT {
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    static Path dir;

    private static TestCertificates.Pki pki;
    private static Mosquitto broker;
    private static TestConsumer platform;

    private static final AtomicInteger instances = new AtomicInteger();
    // The platform consumer outlives each test: every test gets its own id space.
    private final ListEventSource source = new ListEventSource("upstream", SITE + "-" + instances.incrementAndGet());
    private MqttSink sink;

    @BeforeAll
    static void startTlsBroker() throws Exception {
        Mosquitto.requireInstalled();
        pki = TestCertificates.generate(dir);
        broker = Mosquitto.start(
                dir,
                List.of(
                        "cafile " + pki.caCert(),
                        "certfile " + pki.serverCert(),
                        "keyfile " + pki.serverKey(),
                        "require_certificate true"));
        platform = TestConsumer.connect(
                tlsUri("localhost"),
                "platform",
                PREFIX + "/" + SITE + "/#",
                UplinkTls.socketFactory(tls(pki.caCert(), pki.ecClientCert(), pki.ecClientKey())));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @AfterEach
    void stopSink() throws Exception {
        if (sink != null) {
            sink.stop();
        }
    }

    private static String tlsUri(String host) {
        return "ssl://" + host + ":" + broker.port();
    }

    private static UpstreamConfig.Tls tls(Path ca, Path cert, Path key) {
        return new UpstreamConfig.Tls(ca, Optional.ofNullable(cert), Optional.ofNullable(key));
    }

    private void startSink(String host, UpstreamConfig.Tls tls) throws Exception {
        sink = new MqttSink(
                UplinkFixtures.mqtt(tlsUri(host), 1, Optional.of(tls)),
                SITE,
                source,
                new SimpleMeterRegistry(),
                UplinkFixtures.fastOptions());
        sink.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rsa", "ec"})
    void publishSucceedsWithMutualTls(String keyType) throws Exception {
        Path cert = keyType.equals("rsa") ? pki.rsaClientCert() : pki.ecClientCert();
        Path key = keyType.equals("rsa") ? pki.rsaClientKey() : pki.ecClientKey();
        var e = source.add(EventKind.ALARM, "lift-" + keyType);
        startSink("localhost", tls(pki.caCert(), cert, key));

        await().atMost(WAIT).until(() -> platform.arrival(e.id()) != null);
        await().atMost(WAIT).until(() -> source.pending() == 0);
        assertEquals("cy/site1/alarm", platform.arrival(e.id()).topic());
    }

    @Test
    void wrongCaFailsTheHandshakeAndNothingIsAcknowledged() throws Exception {
        assertRefused(tls(pki.otherCaCert(), pki.ecClientCert(), pki.ecClientKey()), "localhost");
    }

    @Test
    void hostnameIsVerified() throws Exception {
        // The certificate names localhost; the same broker reached as 127.0.0.1 must be refused.
        assertRefused(tls(pki.caCert(), pki.ecClientCert(), pki.ecClientKey()), "127.0.0.1");
        assertTrue(sink.lastError().contains("127.0.0.1"), sink.lastError());
    }

    @Test
    void brokerRequiringClientCertificatesRefusesOneWithout() throws Exception {
        assertRefused(tls(pki.caCert(), null, null), "localhost");
    }

    private void assertRefused(UpstreamConfig.Tls tls, String host) throws Exception {
        var e = source.add(EventKind.ACCESS, "gate-" + host);
        startSink(host, tls);
        await().atMost(WAIT).until(() -> sink.metrics().connectFailures() >= 2);
        assertFalse(sink.metrics().isConnected());
        assertEquals(1, source.pending(), "nothing acknowledged");
        assertEquals(null, platform.arrival(e.id()));
    }
}

package io.courtyard.config;

import io.courtyard.config.ListenersConfig.ClientCertificates;
import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.config.ListenersConfig.ServerTls;
import io.courtyard.runtime.Pem;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;

/** Reads the MQTT-specific keys of {@code listeners.deviceMqtt}: TLS, in-flight window, rate, keep-alive, logins. */
final class DeviceMqttSection {
    private DeviceMqttSection() {}

    static DeviceMqtt read(YamlMap m) {
        DeviceMqtt d = DeviceMqtt.DEFAULTS;
        Optional<ServerTls> tls = m.has("tls") ? Optional.ofNullable(tls(m.map("tls"))) : Optional.empty();
        int receiveMaximum = m.optional("receiveMaximum", Scalars.intRange(1, 65_535), d.receiveMaximum());
        int rate = m.optional("messagesPerSecond", Scalars.intRange(1, 1_000_000), d.messagesPerSecond());
        int burst = m.optional("messageBurst", Scalars.intRange(1, 1_000_000), d.messageBurst());
        Duration keepAlive = m.optional(
                "maxKeepAlive", Scalars.duration(Duration.ofSeconds(10), Duration.ofHours(18)), d.maxKeepAlive());
        int logins = m.optional("loginFailuresPerMinute", Scalars.intRange(1, 10_000), d.loginFailuresPerMinute());
        return new DeviceMqtt(tls, receiveMaximum, rate, burst, keepAlive, logins);
    }

    /** A listener's {@code tls:} (the operator listener's too), its PEM files loaded to check them. */
    static ServerTls tls(YamlMap m) {
        Path cert = m.problems().resolve(m.required("certFile", Scalars.PATH));
        Path key = m.problems().resolve(m.required("keyFile", Scalars.PATH));
        Optional<Path> ca = Optional.ofNullable(m.problems().resolve(m.optional("clientCaFile", Scalars.PATH, null)));
        ClientCertificates clients = m.optional(
                "clientCertificates",
                Scalars.enumeration(ClientCertificates.class),
                ca.isPresent() ? ClientCertificates.OPTIONAL : ClientCertificates.NONE);
        // Loaded here, so that a wrong file is a file:line error at check-config, not a failed start.
        if (cert != null) {
            pem(m, "certFile", () -> Pem.certificates(cert));
        }
        if (key != null) {
            pem(m, "keyFile", () -> Pem.privateKey(key));
        }
        ca.ifPresent(p -> pem(m, "clientCaFile", () -> Pem.certificates(p)));
        if (clients != ClientCertificates.NONE && ca.isEmpty()) {
            m.missing(
                    "clientCaFile",
                    "the CA of the monitors' certificates when clientCertificates is "
                            + clients.name().toLowerCase(java.util.Locale.ROOT));
        }
        m.finish();
        return cert == null || key == null ? null : new ServerTls(cert, key, ca, clients);
    }

    private interface Loader {
        Object load() throws IOException, GeneralSecurityException;
    }

    private static void pem(YamlMap m, String key, Loader loader) {
        try {
            loader.load();
        } catch (java.nio.file.NoSuchFileException e) {
            m.problems().add(m.value(key), m.field(key), "cannot read " + e.getFile() + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            m.problems()
                    .add(
                            m.value(key),
                            m.field(key),
                            "cannot read " + e.getFile() + ": permission denied for this user");
        } catch (IOException | GeneralSecurityException e) {
            m.problems().add(m.value(key), m.field(key), e.getMessage());
        }
    }
}

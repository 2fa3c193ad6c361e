package io.courtyard.config;

import io.courtyard.config.JournalConfig.RealtimeWriter;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.config.UpstreamConfig.Influx;
import io.courtyard.config.UpstreamConfig.Mqtt;
import io.courtyard.config.UpstreamConfig.Tls;
import io.courtyard.runtime.net.ListenerLimits;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the gateway's own sections: state, listeners, upstream and journal. */
final class ServiceSection {
    private static final Scalars.Parser<URI> MQTT_URI =
            Scalars.parser("an MQTT URI such as tcp://host:1883 or ssl://host:8883", t -> {
                URI u = URI.create(t);
                boolean ok = ("tcp".equals(u.getScheme()) || "ssl".equals(u.getScheme()))
                        && u.getHost() != null
                        && u.getPort() > 0;
                return ok ? u : null;
            });
    private static final Scalars.Parser<URI> HTTP_URI = Scalars.parser("an http(s) URL such as http://host:8086", t -> {
        URI u = URI.create(t);
        return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null ? u : null;
    });
    private static final Scalars.Parser<String> TOPIC_PREFIX = Scalars.text(
            "a topic prefix of letters, digits, '-', '_' and '/' without wildcards",
            Pattern.compile("[A-Za-z0-9_/-]{1,64}"));
    private static final Scalars.Parser<String> CLIENT_ID = Scalars.text(
            "an MQTT client id of letters, digits, '-' and '_' (1-64 chars)", Pattern.compile("[A-Za-z0-9_-]{1,64}"));

    private ServiceSection() {}

    static StateConfig state(YamlMap m) {
        Path dir = m.problems().resolve(m.optional("dir", Scalars.PATH, Path.of("/var/lib/courtyard")));
        return new StateConfig(dir);
    }

    static ListenersConfig listeners(YamlMap m) {
        YamlMap httpMap = m.map("http");
        // Read before the listener's own keys, whose reader then refuses any other key.
        Optional<ListenersConfig.ServerTls> httpTls =
                httpMap.has("tls") ? Optional.ofNullable(DeviceMqttSection.tls(httpMap.map("tls"))) : Optional.empty();
        Listener http = listener(httpMap, "127.0.0.1", 8080, ListenersConfig.HTTP_DEFAULTS);
        Listener cameras = listener(m.map("cameras"), "0.0.0.0", 8081, ListenersConfig.CAMERA_DEFAULTS);
        YamlMap mqtt = m.map("deviceMqtt");
        // The MQTT keys are read before the listener's own, whose reader then refuses any other key.
        ListenersConfig.DeviceMqtt options = DeviceMqttSection.read(mqtt);
        Listener devices = listener(mqtt, "0.0.0.0", 1884, ListenersConfig.DEVICE_MQTT_DEFAULTS);
        return new ListenersConfig(http, cameras, devices, options, httpTls);
    }

    private static Listener listener(YamlMap m, String bind, int port, ListenerLimits d) {
        boolean enabled = m.optional("enabled", Scalars.BOOL, true);
        String host = m.optional("bind", Scalars.HOSTNAME, bind);
        int p = m.optional("port", Scalars.intRange(0, 65535), port);
        int max = m.optional("maxConnections", Scalars.intRange(1, 100_000), d.maxConnections());
        int perAddress =
                m.optional("maxConnectionsPerAddress", Scalars.intRange(1, 100_000), d.maxConnectionsPerSource());
        if (perAddress > max) {
            m.problems()
                    .add(
                            m.value("maxConnectionsPerAddress"),
                            m.field("maxConnectionsPerAddress"),
                            perAddress + " is more than maxConnections (" + max + ")");
            perAddress = max;
        }
        Duration idle =
                m.optional("idleTimeout", Scalars.duration(Duration.ZERO, Duration.ofHours(24)), d.idleTimeout());
        Duration message = m.optional(
                "messageTimeout", Scalars.duration(Duration.ofMillis(100), Duration.ofMinutes(10)), d.messageTimeout());
        long size = m.optional("maxMessageSize", Scalars.bytes(1024, 256L << 20), (long) d.maxMessageBytes());
        Listener l = new Listener(enabled, host, p, new ListenerLimits(max, perAddress, idle, message, (int) size));
        m.finish();
        m.problems().origin(l, m.node() == null ? null : m.node(), m.path());
        return l;
    }

    static UpstreamConfig upstream(YamlMap m) {
        Optional<Mqtt> mqtt = m.has("mqtt") ? Optional.ofNullable(mqtt(m.map("mqtt"))) : Optional.empty();
        Optional<Influx> influx = m.has("influx") ? Optional.ofNullable(influx(m.map("influx"))) : Optional.empty();
        return new UpstreamConfig(mqtt, influx);
    }

    private static Mqtt mqtt(YamlMap m) {
        URI uri = m.required("uri", MQTT_URI);
        String clientId = m.optional("clientId", CLIENT_ID, null);
        String prefix = m.optional("topicPrefix", TOPIC_PREFIX, "courtyard");
        Optional<String> user = Optional.ofNullable(m.optional("username", Scalars.ANY_TEXT, null));
        Optional<Secret> password = secret(m, "password");
        Optional<Tls> tls = m.has("tls") ? Optional.of(tls(m.map("tls"))) : Optional.empty();
        if (uri != null && "ssl".equals(uri.getScheme()) && tls.isEmpty()) {
            m.missing("tls", "a tls section (caFile) for an ssl:// URI");
        }
        Duration keepAlive = m.optional(
                "keepAlive", Scalars.duration(Duration.ofSeconds(5), Duration.ofMinutes(30)), Duration.ofSeconds(30));
        Duration expiry = m.optional(
                "sessionExpiry", Scalars.duration(Duration.ofMinutes(1), Duration.ofDays(30)), Duration.ofDays(7));
        int batch = m.optional("batchSize", Scalars.intRange(1, 1000), 1);
        m.finish();
        return uri == null ? null : new Mqtt(uri, clientId, prefix, user, password, tls, keepAlive, expiry, batch);
    }

    private static Tls tls(YamlMap m) {
        Path ca = m.problems().resolve(m.required("caFile", Scalars.PATH));
        Optional<Path> cert = Optional.ofNullable(m.problems().resolve(m.optional("certFile", Scalars.PATH, null)));
        Optional<Path> key = Optional.ofNullable(m.problems().resolve(m.optional("keyFile", Scalars.PATH, null)));
        for (String k : new String[] {"caFile", "certFile", "keyFile"}) {
            Path p = m.problems().resolve(m.optional(k, Scalars.PATH, null));
            if (p != null && !Files.isReadable(p)) {
                m.problems().add(m.value(k), m.field(k), "cannot read " + p + ": missing or not readable by this user");
            }
        }
        if (cert.isPresent() != key.isPresent()) {
            m.missing(cert.isPresent() ? "keyFile" : "certFile", "certFile and keyFile together for mutual TLS");
        }
        m.finish();
        return new Tls(ca, cert, key);
    }

    private static Influx influx(YamlMap m) {
        URI url = m.required("url", HTTP_URI);
        String org = m.required("org", Scalars.ANY_TEXT);
        String bucket = m.required("bucket", Scalars.ANY_TEXT);
        Optional<Secret> token = secret(m, "token");
        m.finish();
        return url == null || org == null || bucket == null ? null : new Influx(url, org, bucket, token);
    }

    /** True when neither {@code key} nor {@code keyFile} is given. */
    static boolean noSecret(YamlMap m, String key) {
        return !m.has(key) && !m.has(key + "File");
    }

    /** A password or token file holds one line; anything larger is not the file meant. */
    static final int MAX_SECRET_FILE_BYTES = 64 << 10;

    /**
     * A secret given inline as {@code key} or, better, read from {@code keyFile}; relative paths
     * are relative to the configuration file's directory.
     */
    static Optional<Secret> secret(YamlMap m, String key) {
        boolean inline = m.has(key);
        boolean file = m.has(key + "File");
        if (inline && file) {
            m.problems().add(m.value(key), m.field(key), "give either " + key + " or " + key + "File, not both");
            return Optional.empty();
        }
        if (inline) {
            return Optional.ofNullable(m.optional(key, Scalars.ANY_TEXT, null)).map(Secret::new);
        }
        if (file) {
            Path p = m.problems().resolve(m.optional(key + "File", Scalars.PATH, null));
            String why;
            try {
                if (p == null) {
                    return Optional.empty();
                }
                // Found by fuzzing: /dev/zero (or a FIFO) named here was read until the heap ran out.
                if (!Files.isRegularFile(p) && Files.exists(p)) {
                    why = "not a regular file";
                } else {
                    byte[] bytes;
                    try (java.io.InputStream in = Files.newInputStream(p)) {
                        bytes = in.readNBytes(MAX_SECRET_FILE_BYTES + 1);
                    }
                    if (bytes.length > MAX_SECRET_FILE_BYTES) {
                        why = "larger than " + MAX_SECRET_FILE_BYTES + " bytes; a secret file holds one secret";
                    } else {
                        String text = StandardCharsets.UTF_8
                                .newDecoder()
                                .decode(java.nio.ByteBuffer.wrap(bytes))
                                .toString();
                        return Optional.of(new Secret(text.strip()));
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                why = "no such file";
            } catch (java.nio.file.AccessDeniedException e) {
                why = "permission denied for this user";
            } catch (IOException | RuntimeException e) {
                why = e.toString();
            }
            m.problems().add(m.value(key + "File"), m.field(key + "File"), "cannot read " + p + ": " + why);
        }
        return Optional.empty();
    }

    static JournalConfig journal(YamlMap m) {
        return new JournalConfig(
                m.optional("synchronous", Scalars.enumeration(Synchronous.class), Synchronous.FULL),
                m.optional("batchMaxEvents", Scalars.intRange(1, 100_000), 2000),
                m.optional("batchWindow", Scalars.duration(Duration.ZERO, Duration.ofSeconds(1)), Duration.ofMillis(5)),
                m.optional(
                        "accessWindow", Scalars.duration(Duration.ZERO, Duration.ofSeconds(1)), Duration.ofMillis(2)),
                m.optional("quota", Scalars.bytes(64 << 10, 1L << 40), 2L << 30),
                m.optional(
                        "retention", Scalars.duration(Duration.ofHours(1), Duration.ofDays(3650)), Duration.ofDays(90)),
                m.optional("realtimeWriter", Scalars.enumeration(RealtimeWriter.class), RealtimeWriter.AUTO));
    }
}

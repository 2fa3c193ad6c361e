package io.courtyard.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the project's own files (configs, jar, root POM) from unit tests and ITs alike. */
public final class ProjectFiles {
    /** A config with an unknown key (line 8), an out-of-range port (line 9) and a wrong type (line 11). */
    public static final String THREE_ERRORS =
            """
            site:
              id: test-court
              buildings:
                - id: "1"
                  units:
                    - {id: "1", floors: 7, roomsPerFloor: 2, area: 89.5}
            listeners:
              htp: {port: 8080}
              http: {port: 70000}
            journal:
              batchMaxEvents: lots
            """;

    private static final Pattern LISTENER_PORT =
            Pattern.compile("(?m)^(  (?:http|cameras|deviceMqtt):.*\\bport: )\\d+");

    private ProjectFiles() {}

    /** The repository root: failsafe passes it; surefire runs in the module directory, so walk up. */
    public static Path root() {
        String prop = System.getProperty("courtyard.projectRoot");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("config/example.yaml")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException(
                "cannot find the project root above " + Path.of("").toAbsolutePath());
    }

    public static Path config(String name) {
        return root().resolve("config").resolve(name);
    }

    /** The shaded gateway jar that {@code mvn package} built; only ITs may rely on it. */
    public static Path gatewayJar() {
        String prop = System.getProperty("courtyard.gatewayJar");
        Path jar = prop != null ? Path.of(prop) : root().resolve("gateway/target/courtyard-gateway.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no gateway jar at " + jar + "; run mvn verify, not the IT alone");
        }
        return jar;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies demo.yaml into {@code dir} with every listener on port 0, so that parallel builds on
     * one machine never collide on a fixed port.
     */
    public static Path demoConfigOnFreePorts(Path dir) {
        Matcher m = LISTENER_PORT.matcher(read(config("demo.yaml")));
        StringBuilder sb = new StringBuilder();
        int replaced = 0;
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + "0"));
            replaced++;
        }
        m.appendTail(sb);
        if (replaced != 3) {
            throw new IllegalStateException("expected 3 listener ports in demo.yaml, replaced " + replaced);
        }
        return write(dir.resolve("demo.yaml"), sb.toString());
    }

    /** {@link #demoConfigOnFreePorts(Path)} whose upstream MQTT broker is {@code mqttUri} (a test's broker). */
    public static Path demoConfigOnFreePorts(Path dir, String mqttUri) {
        Path file = demoConfigOnFreePorts(dir);
        String text = read(file);
        String replaced = text.replaceFirst("(?m)^(    uri: )tcp://\\S+", "$1" + Matcher.quoteReplacement(mqttUri));
        if (replaced.equals(text)) {
            throw new IllegalStateException("expected an upstream.mqtt.uri in demo.yaml");
        }
        return write(file, replaced);
    }
}

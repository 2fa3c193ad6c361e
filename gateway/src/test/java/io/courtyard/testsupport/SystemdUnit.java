package io.courtyard.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shipped systemd unit's directives, for tests that pin them or copy them. */
public final class SystemdUnit {
    /** systemd/courtyard-gateway.service in this checkout. */
    public static final Path GATEWAY = ProjectRoot.path().resolve("systemd/courtyard-gateway.service");

    private static final String JAVA = "/usr/bin/java ";
    private static final String JAR = " -jar /opt/courtyard/courtyard-gateway.jar ";

    private SystemdUnit() {}

    /** The JVM options of the gateway unit's ExecStart: between {@code /usr/bin/java} and {@code -jar}. */
    public static List<String> jvmOptions() throws IOException {
        String exec = directives(GATEWAY).get("ExecStart").get(0);
        if (!exec.startsWith(JAVA) || !exec.contains(JAR)) {
            throw new IllegalStateException("ExecStart is not '" + JAVA + "… " + JAR.strip() + " …': " + exec);
        }
        return Arrays.asList(
                exec.substring(JAVA.length(), exec.indexOf(JAR)).strip().split("\\s+"));
    }

    /** Key=value lines of a unit file, continuation lines joined, comments and sections dropped. */
    public static Map<String, List<String>> directives(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).replaceAll("\\\\\\n\\s*", "");
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (String line : text.lines().map(String::strip).toList()) {
            int eq = line.indexOf('=');
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";") || line.startsWith("[") || eq < 0) {
                continue;
            }
            map.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>())
                    .add(line.substring(eq + 1).strip());
        }
        return map;
    }
}

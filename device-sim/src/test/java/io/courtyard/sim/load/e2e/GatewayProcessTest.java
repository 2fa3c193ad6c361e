package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.testsupport.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load harness measures the gateway as the systemd unit runs it, not as it ran last year. */
class GatewayProcessTest {
    private static final String JAVA = "/usr/bin/java ";
    private static final String JAR = " -jar /opt/courtyard/courtyard-gateway.jar ";

    @Test
    void harnessStartsTheGatewayWithTheUnitsJvmOptionsAndEnvironment() throws IOException {
        String unit = Files.readString(
                        ProjectFiles.root().resolve("systemd/courtyard-gateway.service"), StandardCharsets.UTF_8)
                .replaceAll("\\\\\\n\\s*", "");
        String exec = null;
        Map<String, String> environment = new LinkedHashMap<>();
        for (String line : unit.lines().map(String::strip).toList()) {
            if (line.startsWith("ExecStart=")) {
                exec = line.substring("ExecStart=".length());
            } else if (line.startsWith("Environment=")) {
                String[] kv = line.substring("Environment=".length()).split("=", 2);
                environment.put(kv[0], kv[1]);
            }
        }

        assertThat(exec).startsWith(JAVA).contains(JAR);
        List<String> options = Arrays.asList(
                exec.substring(JAVA.length(), exec.indexOf(JAR)).strip().split("\\s+"));
        assertThat(GatewayProcess.UNIT_JVM_OPTIONS).containsExactlyElementsOf(options);
        assertThat(GatewayProcess.UNIT_ENVIRONMENT).containsExactlyInAnyOrderEntriesOf(environment);
    }
}

package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.testsupport.SystemdUnit;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The load harness measures the gateway as the systemd unit runs it, not as it ran last year. */
class GatewayProcessTest {
    private static final String JAVA = "/usr/bin/java ";
    private static final String JAR = " -jar /opt/courtyard/courtyard-gateway.jar ";

    @Test
    void harnessStartsTheGatewayWithTheUnitsJvmOptionsAndEnvironment() throws IOException {
        Map<String, List<String>> unit = SystemdUnit.directives(SystemdUnit.GATEWAY);
        String exec = unit.get("ExecStart").get(0);
        Map<String, String> environment = unit.get("Environment").stream()
                .map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));

        assertThat(exec).startsWith(JAVA).contains(JAR);
        assertThat(GatewayProcess.UNIT_JVM_OPTIONS).containsExactlyElementsOf(SystemdUnit.jvmOptions());
        assertThat(GatewayProcess.UNIT_ENVIRONMENT).containsExactlyInAnyOrderEntriesOf(environment);
    }
}

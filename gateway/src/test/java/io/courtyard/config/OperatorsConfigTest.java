package io.courtyard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.config.OperatorsConfig.Role;
import io.courtyard.testsupport.ProjectFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code operators} section: the demo's logins, and every mistake named with its line. */
class OperatorsConfigTest {
    static final Path FILE = ProjectFiles.config("demo.yaml");

    static String withOperators(String section) {
        String text = ProjectFiles.read(FILE);
        int from = text.indexOf("\noperators:");
        int to = text.indexOf("\n# Faults");
        return text.substring(0, from) + "\n" + section + text.substring(to);
    }

    @Test
    void theDemoHasOneLoginPerRole() throws Exception {
        OperatorsConfig o = ConfigLoader.load(FILE).operators();
        assertThat(o.users())
                .extracting(OperatorsConfig.User::role)
                .containsExactly(Role.ADMIN, Role.MAINTENANCE, Role.COMMITTEE);
        assertThat(o.user("li.wei").orElseThrow().displayName()).contains("李伟 (crew)");
        assertThat(o.sessionIdle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(o.sessionMax()).isEqualTo(Duration.ofHours(12));
        assertThat(o.loginFailures()).isEqualTo(5);
        assertThat(o.emergencyModes()).containsExactly("fire");
    }

    @Test
    void aConfigWithoutOperatorsLetsNobodyIn() throws Exception {
        String text = ProjectFiles.read(FILE);
        String without = text.substring(0, text.indexOf("\noperators:")) + text.substring(text.indexOf("\n# Faults"));
        OperatorsConfig o = ConfigLoader.parse(FILE, without).operators();
        assertThat(o.users()).isEmpty();
        assertThat(o.tokens()).isEmpty();
        assertThat(o.emergencyModes())
                .as("no emergency mode from a web page unless configured")
                .isEmpty();
    }

    @Test
    void everyOperatorsMistakeIsReportedAtItsLine() {
        String weak = "pbkdf2-sha256$1000$Uns5DIn5E7bMRe2ZIX3fQg==$iam5QVi+fGpZOGB1bvRNtFWT5/QL4vVGJR7Cpl6LdTA=";
        String bad =
                """
                operators:
                  users:
                    - {name: li.wei, role: janitor, passwordHash: "%s"}
                    - {name: li.wei, role: admin, password: hunter2}
                  tokens:
                    - {name: nightly, role: committee, sha256: "DEADBEEF"}
                  sessionIdle: 20h
                  sessionMax: 1h
                  lockout: forever
                  emergencyModes: [fire, flood]
                """
                        .formatted(weak);
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, withOperators(bad)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    List<String> lines = ((ConfigException) e)
                            .problems().stream().map(ConfigProblem::toString).toList();
                    String all = String.join("\n", lines);
                    assertThat(all)
                            .contains("operators.users[0].role: expected one of maintenance, committee, admin")
                            .contains(
                                    "operators.users[0].passwordHash: expected a hash printed by 'courtyard users hash'")
                            .contains("operators.users[1].name: 'li.wei' is given twice")
                            .contains("operators.users[1].password: unknown key")
                            .contains("operators.users[1].passwordHash: missing")
                            .contains("operators.tokens[0].sha256: expected the token's SHA-256")
                            .contains("operators.sessionIdle: longer than sessionMax")
                            .contains("operators.lockout: expected")
                            .contains("operators.emergencyModes[1]: expected an emergency mode: fire or lockdown");
                    assertThat(lines).allMatch(l -> l.startsWith(FILE + ":"));
                });
    }

    @Test
    void theOperatorListenerTakesTlsFromPemFilesAndAMissingOneIsNamedAtItsLine() {
        String text = ProjectFiles.read(FILE)
                .replace(
                        "  http: {bind: 127.0.0.1, port: 18080}",
                        "  http: {bind: 127.0.0.1, port: 18080, tls: {certFile: /nonexistent/cert.pem, keyFile: /nonexistent/key.pem}}");
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("listeners.http.tls.certFile")
                .hasMessageContaining("listeners.http.tls.keyFile");
    }
}

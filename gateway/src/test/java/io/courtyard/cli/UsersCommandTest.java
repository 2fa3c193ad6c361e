package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.http.auth.PasswordHash;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code courtyard users hash|token}: what the operators' config holds, never the secret itself. */
class UsersCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine(CliTest.NO_GATEWAY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void hashPrintsAPbkdf2HashThatTheGatewayVerifies() {
        assertThat(run("users", "hash", "--password=correct horse battery")).isEqualTo(ExitCodes.OK);
        String hash = out.toString().strip();
        assertThat(hash).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
        assertThat(PasswordHash.verify("correct horse battery".toCharArray(), hash))
                .isTrue();
    }

    @Test
    void aShortPasswordIsRefused() {
        assertThat(run("users", "hash", "--password=short")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("at least 10 characters");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void tokenPrintsATokenAndTheSha256TheConfigKeeps() {
        assertThat(run("users", "token")).isEqualTo(ExitCodes.OK);
        String[] lines = out.toString().strip().split("\n");
        String token = lines[0].substring("token:".length()).strip();
        String sha = lines[1].substring("sha256:".length()).strip();
        assertThat(sha).isEqualTo(PasswordHash.tokenSha256(token)).matches("[0-9a-f]{64}");
    }
}

package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.acl.CommandSignatures;
import io.courtyard.acl.Keys;
import io.courtyard.command.CommandService;
import io.courtyard.command.Refusal;
import io.courtyard.command.SignatureCheck;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code courtyard cmd sign}: what it prints verifies as the gateway verifies, and bad input is refused before signing. */
@Timeout(60)
class CmdSignCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private Path key;
    private SignatureCheck gateway;

    @BeforeEach
    void keys() throws Exception {
        assertThat(run("keys", "generate", "--out", dir.toString(), "--name", "platform"))
                .isZero();
        key = dir.resolve("platform.key");
        gateway = new CommandSignatures(Keys.readPublic(dir.resolve("platform.pub")));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine(CliTest.NO_GATEWAY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private JsonNode verified(String message) throws Refusal {
        return gateway.open(message.strip().getBytes(StandardCharsets.UTF_8), CommandService.DOMAIN)
                .payload();
    }

    @Test
    void anOpenCommandIsSignedForTheCommandDomainWithAFreshNonceAndAShortExpiry() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        assertThat(run(
                        "cmd",
                        "sign",
                        "--key",
                        key.toString(),
                        "--site",
                        "demo-court",
                        "--type",
                        "open",
                        "--device",
                        "north-gate",
                        "--seq",
                        "42"))
                .as(err.toString())
                .isZero();

        JsonNode p = verified(out.toString());
        assertThat(p.path("type").asText()).isEqualTo("open");
        assertThat(p.path("site").asText()).isEqualTo("demo-court");
        assertThat(p.path("device").asText()).isEqualTo("north-gate");
        assertThat(p.path("seq").asLong()).isEqualTo(42);
        assertThat(p.path("nonce").asText()).matches("[0-9a-f]{32}");
        Instant issued = Instant.parse(p.path("issuedAt").asText());
        assertThat(issued).isAfterOrEqualTo(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        assertThat(Duration.between(issued, Instant.parse(p.path("expiresAt").asText())))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(JSON.readTree(out.toString()).path("keyId").asText())
                .isEqualTo(Keys.keyId(Keys.readPublic(dir.resolve("platform.pub"))));
        // Not an access list: the same key's list domain does not take it.
        assertThat(out.toString()).doesNotContain("\n{");
    }

    @Test
    void theSequenceFileHandsOutEachNumberOnceEvenToSignersRunningAtOnce() throws Exception {
        Path seq = dir.resolve("demo-court.seq");
        Files.writeString(seq, "41\n");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Long>> signed = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            signed.add(pool.submit(() -> SequenceFile.next(seq)));
        }
        List<Long> got = new ArrayList<>();
        for (Future<Long> f : signed) {
            got.add(f.get());
        }
        pool.shutdown();
        assertThat(got).containsExactlyInAnyOrder(42L, 43L, 44L, 45L, 46L, 47L, 48L, 49L);
        assertThat(Files.readString(seq).strip()).isEqualTo("49");

        assertThat(run(
                        "cmd",
                        "sign",
                        "--key",
                        key.toString(),
                        "--site",
                        "demo-court",
                        "--type",
                        "acl-resync",
                        "--seq-file",
                        seq.toString()))
                .isZero();
        assertThat(verified(out.toString()).path("seq").asLong()).isEqualTo(50);
        assertThat(Files.readString(seq).strip()).isEqualTo("50");
    }

    @Test
    void everyTypeSignsWithItsMembers() throws Exception {
        String[][] cases = {
            {"emergency", "--mode", "fire", "--action", "raise"},
            {"anti-passback-reset", "--subject", "holder:h-1-1-702-a", "--area", "zone:main-lot"},
            {"bus-restart", "--bus", "gates-bus"},
            {"device-reset", "--device", "north-gate-reader"},
            {"display", "--device", "car-park-entry", "--text", "欢迎回家", "--seconds", "20"},
            {"monitor-status", "--device", "monitor-1-1"}
        };
        long seq = 1;
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(
                    "cmd",
                    "sign",
                    "--key",
                    key.toString(),
                    "--site",
                    "demo-court",
                    "--seq",
                    Long.toString(seq++),
                    "--type"));
            args.addAll(List.of(c));
            assertThat(run(args.toArray(String[]::new))).as(c[0] + ": " + err).isZero();
            JsonNode p = verified(out.toString());
            assertThat(p.path("type").asText()).isEqualTo(c[0]);
            for (int i = 1; i < c.length; i += 2) {
                assertThat(p.path(c[i].substring(2)).asText()).isEqualTo(c[i + 1]);
            }
            if (c[0].equals("display")) {
                assertThat(p.path("seconds").isIntegralNumber()).isTrue();
            }
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSigned() {
        String k = key.toString();
        assertThat(run("cmd", "sign", "--key", k, "--site", "s", "--type", "launch", "--seq", "1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no command type 'launch'");
        assertThat(run("cmd", "sign", "--key", k, "--site", "s", "--type", "open", "--seq", "1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("open needs --device");
        assertThat(run("cmd", "sign", "--key", k, "--site", "s", "--type", "open", "--device", "a b", "--seq", "1"))
                .isEqualTo(2);
        assertThat(run("cmd", "sign", "--key", k, "--site", "s", "--type", "acl-resync", "--device", "x", "--seq", "1"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("acl-resync takes no --device");
        assertThat(run(
                        "cmd",
                        "sign",
                        "--key",
                        k,
                        "--site",
                        "s",
                        "--type",
                        "emergency",
                        "--mode",
                        "flood",
                        "--action",
                        "raise",
                        "--seq",
                        "1"))
                .isEqualTo(2);
        assertThat(run(
                        "cmd",
                        "sign",
                        "--key",
                        k,
                        "--site",
                        "s",
                        "--type",
                        "acl-resync",
                        "--valid-for",
                        "PT1H",
                        "--seq",
                        "1"))
                .isEqualTo(2);
        assertThat(run("cmd", "sign", "--key", k, "--site", "s", "--type", "acl-resync"))
                .isEqualTo(2);
        assertThat(run(
                        "cmd",
                        "sign",
                        "--key",
                        k,
                        "--site",
                        "s",
                        "--type",
                        "acl-resync",
                        "--seq",
                        "1",
                        "--seq-file",
                        dir.resolve("x").toString()))
                .isEqualTo(2);
        assertThat(run("cmd", "sign", "--key", k, "--site", "s", "--type", "anti-passback-reset", "--seq", "1"))
                .isEqualTo(2);
        assertThat(out.toString()).isEmpty();
    }
}

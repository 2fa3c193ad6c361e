package io.courtyard.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.acl.AclFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Remote commands as the broker delivers them, on {@code cmd} and on the old emergency topic, to a
 * real command service (real ledger in SQLite, real emergency state, the rig's handlers). Every
 * message is acknowledged, and is executed or refused with one of the README's reasons; none reaches
 * the runner's safety net for unexpected exceptions ({@code malformed} with {@code unreadable: …}),
 * which would mean a parser threw what it should have refused.
 *
 * <p>Input: one flag byte (bit 0: the rest is a payload the platform signs here, with {@code "NOW"}
 * and {@code "SOON"} replaced by now and five minutes from now, else the message as received; bit 1:
 * delivered on the old emergency topic, signed in its domain), then the bytes.
 */
@Tag("fuzz")
class RemoteCommandFuzzTest {
    /** The README's refusal reasons (Remote commands, results). */
    private static final Set<String> REASONS = Set.of(
            "oversize",
            "malformed",
            "unsigned",
            "bad-signature",
            "wrong-site",
            "expired",
            "not-yet-valid",
            "replay",
            "out-of-order",
            "legacy-closed",
            "unknown-type",
            "unsupported",
            "unknown-device",
            "busy",
            "held-locally",
            "invalid-argument");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static CommandRig rig;

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("courtyard-command-fuzz");
        rig = new CommandRig(dir).start();
    }

    @AfterAll
    static void close() throws Exception {
        rig.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyCommandIsAcknowledgedAndExecutedOrRefusedForADocumentedReason(byte[] data) throws Exception {
        if (data.length < 1) {
            return;
        }
        boolean legacy = (data[0] & 2) != 0;
        byte[] message = Arrays.copyOfRange(data, 1, data.length);
        if ((data[0] & 1) != 0) {
            message = signed(message, legacy);
            if (message == null) {
                return;
            }
        }
        // Acknowledged whatever it is: a message never acknowledged comes back after every reconnection.
        (legacy ? rig.sendLegacy(message) : rig.send(message))
                .toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        for (JsonNode r : rig.results()) {
            if (r.path("outcome").asText().equals("refused")) {
                assertThat(REASONS).contains(r.path("reason").asText());
                assertThat(r.path("detail").asText()).doesNotStartWith("unreadable");
            }
        }
    }

    private static byte[] signed(byte[] payload, boolean legacy) {
        Instant now = Instant.now();
        String text = new String(payload, StandardCharsets.UTF_8)
                .replace("\"NOW\"", "\"" + now + "\"")
                .replace("\"SOON\"", "\"" + now.plus(Duration.ofMinutes(5)) + "\"");
        JsonNode tree;
        try {
            tree = JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
        if (!(tree instanceof ObjectNode o)) {
            return null;
        }
        try {
            return legacy ? rig.platform.signLegacyCommand(o) : rig.platform.signCommand(o);
        } catch (AclFormatException e) {
            return null;
        }
    }
}

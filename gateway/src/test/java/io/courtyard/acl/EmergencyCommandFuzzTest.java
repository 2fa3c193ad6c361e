package io.courtyard.acl;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessState;
import io.courtyard.access.Emergencies;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.EventDraft;
import io.courtyard.store.Database;
import io.courtyard.testsupport.AclBundles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Remote commands as the gateway on this branch takes them: the signed emergency commands on
 * {@code command} (the command room, with its sequenced commands, is not on this branch yet). Every
 * message, signed with the platform's key or arriving as it is, is executed or refused with one of
 * the documented reasons; none reaches the handler's safety net for unexpected exceptions
 * ({@code malformed: unreadable}), which would mean a parser threw what it should have refused.
 *
 * <p>Input: one flag byte (bit 0: the rest is a payload the platform signs here, with
 * {@code "NOW"} and {@code "SOON"} replaced by now and five minutes from now; else the rest is the
 * message as received), then the bytes. A real store and real emergency state, shared by all inputs.
 */
@Tag("fuzz")
class EmergencyCommandFuzzTest {
    private static final Set<String> REASONS =
            Set.of("malformed", "bad-signature", "wrong-site", "expired", "not-yet-valid", "replay");
    private static final AclBundles PLATFORM = new AclBundles(EmergencyCommandsTest.SITE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong JOURNALED = new AtomicLong();

    private static Path dir;
    private static Database db;
    private static EmergencyCommands commands;

    @BeforeAll
    static void open() throws Exception {
        dir = Files.createTempDirectory("courtyard-command-fuzz");
        db = new Database(dir, Synchronous.NORMAL);
        db.start();
        Emergencies emergencies = new Emergencies(
                new AccessState(), AccessFixture.site(), EmergencyCommandFuzzTest::journal, Clock.systemUTC());
        commands = new EmergencyCommands(
                new AclSyncTest.FakeUpstream(),
                EmergencyCommandsTest.SITE,
                PLATFORM.keys().getPublic(),
                db,
                () -> emergencies,
                EmergencyCommandFuzzTest::journal,
                new SimpleMeterRegistry(),
                Clock.systemUTC());
        commands.start();
    }

    private static CompletableFuture<Void> journal(EventDraft d) {
        JOURNALED.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }

    @AfterAll
    static void close() throws Exception {
        commands.stop();
        db.stop();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyCommandIsExecutedOrRefusedForADocumentedReason(byte[] data) {
        if (data.length < 1) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(data, 1, data.length);
        byte[] message = rest;
        if ((data[0] & 1) != 0) {
            message = signed(rest);
            if (message == null) {
                return;
            }
        }
        String refusal = commands.handle(message, Duration.ofSeconds(1));
        if (refusal != null) {
            assertThat(refusal).doesNotStartWith("malformed: unreadable");
            assertThat(REASONS).contains(refusal.split(":")[0]);
        }
    }

    private static byte[] signed(byte[] payload) {
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
            return PLATFORM.signCommand(o);
        } catch (AclFormatException e) {
            return null;
        }
    }
}

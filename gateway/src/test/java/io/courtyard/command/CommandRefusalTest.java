package io.courtyard.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a message is refused, tried as an attacker or a broken platform would: the handler
 * never runs, the refusal is reported with its reason, and the message is acknowledged (a poison
 * message must not come back).
 */
class CommandRefusalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    CommandRig rig;

    @BeforeEach
    void open() throws Exception {
        rig = new CommandRig(dir).start();
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    private JsonNode refused(byte[] message, String reason) {
        CompletionStage<?> ack = rig.send(message);
        JsonNode r = rig.awaitRefusal(reason);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ack.toCompletableFuture().isDone());
        assertThat(rig.ran("north-gate")).isEmpty();
        return r;
    }

    private byte[] open(long seq) {
        return rig.signed("open", seq, "device", "north-gate");
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        // Signed by the platform, then altered: another gate, the signature kept.
        ObjectNode bundle = (ObjectNode) JSON.readTree(rig.signed("open", 1, "device", "south-gate"));
        ((ObjectNode) bundle.get("payload")).put("device", "north-gate");
        assertThat(refused(JSON.writeValueAsBytes(bundle), "bad-signature")
                        .path("detail")
                        .asText())
                .contains("does not verify");
    }

    @Test
    void aCommandSignedWithAnotherKeyIsRefused() {
        refused(rig.platform.forgeCommand(rig.command("open", 1, "device", "north-gate")), "bad-signature");
    }

    @Test
    void anAccessListSignatureDoesNotPassForACommand() {
        // The same key, another signing domain.
        refused(rig.platform.sign(rig.command("open", 1, "device", "north-gate")), "bad-signature");
    }

    @Test
    void anUnsignedCommandIsRefused() throws Exception {
        ObjectNode bundle = JSON.createObjectNode();
        bundle.set("payload", rig.command("open", 1, "device", "north-gate"));
        refused(JSON.writeValueAsBytes(bundle), "unsigned");
    }

    @Test
    void aReplayedCommandRunsOnceAndTheCopyIsRefused() {
        byte[] once = open(1);
        rig.send(once);
        rig.awaitResult(r -> r.path("outcome").asText().equals("done"));
        CompletionStage<?> again = rig.send(once);
        JsonNode r = rig.awaitRefusal("replay");
        assertThat(r.path("detail").asText()).contains("by this command, outcome done");
        assertThat(r.path("kind").asText()).isEqualTo("alarm");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> again.toCompletableFuture().isDone());
        assertThat(rig.ran("north-gate")).hasSize(1);
    }

    @Test
    void aNonceUsedAgainWithANewSequenceIsARefusedReplay() {
        ObjectNode first = rig.command("open", 1, "device", "north-gate");
        rig.send(rig.platform.signCommand(first));
        rig.awaitResult(r -> r.path("outcome").asText().equals("done"));
        ObjectNode second = rig.command("open", 2, "device", "north-gate")
                .put("nonce", first.path("nonce").asText());
        rig.send(rig.platform.signCommand(second));
        rig.awaitRefusal("replay");
        assertThat(rig.ran("north-gate")).hasSize(1);
    }

    @Test
    void aCommandOlderThanTheLastAcceptedSequenceIsRefused() {
        byte[] four = open(4);
        rig.send(open(5));
        rig.awaitResult(r -> r.path("commandSeq").asLong() == 5);
        rig.send(four);
        JsonNode r = rig.awaitRefusal("out-of-order");
        assertThat(r.path("detail").asText()).isEqualTo("sequence 4, the last accepted is 5");
        assertThat(r.path("commandSeq").asLong()).isEqualTo(4);
        assertThat(rig.ran("north-gate")).hasSize(1);
    }

    @Test
    void anExpiredCommandIsRefused() {
        Instant issued = Instant.now().minus(Duration.ofMinutes(10));
        ObjectNode c = rig.command("open", 1, "device", "north-gate")
                .put("issuedAt", issued.toString())
                .put("expiresAt", issued.plus(Duration.ofMinutes(5)).toString());
        refused(rig.platform.signCommand(c), "expired");
    }

    @Test
    void aCommandIssuedInTheFutureBeyondTheSkewIsRefused() {
        Instant issued = Instant.now().plus(Duration.ofMinutes(5));
        ObjectNode c = rig.command("open", 1, "device", "north-gate")
                .put("issuedAt", issued.toString())
                .put("expiresAt", issued.plus(Duration.ofMinutes(5)).toString());
        refused(rig.platform.signCommand(c), "not-yet-valid");
    }

    @Test
    void aCommandValidForLongerThanTenMinutesIsMalformed() {
        Instant issued = Instant.now();
        ObjectNode c = rig.command("open", 1, "device", "north-gate")
                .put("expiresAt", issued.plus(Duration.ofMinutes(11)).toString());
        assertThat(refused(rig.platform.signCommand(c), "malformed")
                        .path("detail")
                        .asText())
                .contains("$.payload.expiresAt");
    }

    @Test
    void anUnknownTypeIsRefused() {
        JsonNode r = refused(rig.signed("self-destruct", 1, "device", "north-gate"), "unknown-type");
        assertThat(r.path("detail").asText()).isEqualTo("no command type 'self-destruct'");
        assertThat(r.has("type")).isFalse();
    }

    @Test
    void aKnownTypeNothingHereHandlesIsUnsupported() {
        refused(rig.signed("bus-restart", 1, "bus", "gates-bus"), "unsupported");
    }

    @Test
    void anUnknownDeviceIsRefused() {
        refused(rig.signed("open", 1, "device", "west-gate"), "unknown-device");
    }

    @Test
    void aCommandForAnotherSiteIsRefused() {
        refused(rig.signed("open", 1, "device", "north-gate", "site", "other-court"), "wrong-site");
    }

    @Test
    void anOversizedMessageIsRefusedUnread() {
        CompletionStage<?> ack = rig.send(new byte[CommandService.MAX_BYTES + 1]);
        assertThat(rig.awaitRefusal("oversize").path("detail").asText()).isEqualTo("4097 bytes, over 4096");
        assertThat(ack.toCompletableFuture().isDone()).isTrue();
    }

    @Test
    void malformedMessagesAreRefused() {
        // Not JSON, truncated, a null member, a wrong type, an unknown member, a missing sequence.
        byte[] good = open(1);
        rig.send("not json at all".getBytes(StandardCharsets.US_ASCII));
        rig.awaitRefusal("malformed");
        rig.send(java.util.Arrays.copyOf(good, good.length / 2));
        rig.send(rig.platform.signCommand(
                rig.command("open", 2, "device", "north-gate").putNull("nonce")));
        rig.send(rig.platform.signCommand(
                rig.command("open", 3, "device", "north-gate").put("seq", "3")));
        rig.send(rig.signed("open", 4, "device", "north-gate", "extra", "x"));
        ObjectNode noSeq = rig.command("open", 5, "device", "north-gate");
        noSeq.remove("seq");
        rig.send(rig.platform.signCommand(noSeq));
        rig.send(rig.signed("display", 6, "device", "car-park-entry", "text", "line\nforged"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.counted("refused", "malformed") == 7);
        assertThat(rig.ran("north-gate")).isEmpty();
        assertThat(rig.ran("car-park-entry")).isEmpty();
        // Signed ones are the platform's own mistakes: each is reported, naming the member.
        assertThat(rig.results().stream()
                        .filter(r -> r.path("reason").asText().equals("malformed"))
                        .map(r -> r.path("detail").asText()))
                .anySatisfy(d -> assertThat(d).startsWith("$.payload.nonce"))
                .anySatisfy(d -> assertThat(d).startsWith("$.payload.seq"))
                .anySatisfy(d -> assertThat(d).startsWith("$.payload.extra: unknown member"))
                .anySatisfy(d -> assertThat(d).startsWith("$.payload.text: control characters"));
    }

    @Test
    void aFloodOfForgedCommandsIsCountedButReportedOncePerMinute() {
        for (int i = 0; i < 20; i++) {
            rig.send(rig.platform.forgeCommand(rig.command("open", i + 1, "device", "north-gate")));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.counted("refused", "bad-signature") == 20);
        assertThat(rig.results()).hasSize(1);
        rig.clock.advance(CommandReports.WINDOW);
        rig.send(rig.platform.forgeCommand(rig.command("open", 99, "device", "north-gate")));
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.results().size() == 2);
        assertThat(rig.results().get(1).path("suppressedBefore").asInt()).isEqualTo(19);
    }
}

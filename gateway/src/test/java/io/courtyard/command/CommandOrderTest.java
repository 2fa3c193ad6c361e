package io.courtyard.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.EmergencyMode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's emergency item: a withheld command cannot run after a later one (the sequence, kept
 * across restarts; issue times on the old topic), a local fire-panel input outranks a remote
 * clear, and a clock set back does not bring an expired command back.
 */
class CommandOrderTest {
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

    @Test
    void aWithheldClearCannotRunAfterALaterRaise() {
        byte[] clear = rig.signed("emergency", 1, "mode", "fire", "action", "clear");
        byte[] raise = rig.signed("emergency", 2, "mode", "fire", "action", "raise");

        rig.send(raise);
        rig.awaitResult(r -> r.path("commandSeq").asLong() == 2);
        rig.send(clear);

        assertThat(rig.awaitRefusal("out-of-order").path("commandSeq").asLong()).isEqualTo(1);
        assertThat(rig.emergencies.current().fire()).isTrue();
    }

    @Test
    void theSequenceSurvivesARestart() throws Exception {
        rig.send(rig.signed("open", 7, "device", "north-gate"));
        rig.awaitResult(r -> r.path("commandSeq").asLong() == 7);

        rig.restart();
        rig.send(rig.signed("open", 7, "device", "north-gate"));
        rig.awaitRefusal("out-of-order");
        rig.send(rig.signed("open", 8, "device", "north-gate"));
        rig.awaitResult(r ->
                r.path("commandSeq").asLong() == 8 && r.path("outcome").asText().equals("done"));
        assertThat(rig.ran("north-gate")).extracting(Command::seq).containsExactly(7L, 8L);
    }

    @Test
    void theOldTopicOrdersByIssueTimeSoAWithheldClearCannotFollowALaterRaise() {
        Instant t0 = Instant.now();
        byte[] clear = rig.platform.signLegacyCommand(legacy("fire", "clear", "n-clear", t0.minusSeconds(30)));
        rig.sendLegacy(rig.platform.signLegacyCommand(legacy("fire", "raise", "n-raise", t0)));
        JsonNode raised = rig.awaitResult(r -> r.path("nonce").asText().equals("n-raise"));
        assertThat(raised.path("outcome").asText()).isEqualTo("done");
        assertThat(raised.has("commandSeq")).isFalse();

        rig.sendLegacy(clear);
        assertThat(rig.awaitRefusal("out-of-order").path("detail").asText())
                .contains("before the last accepted emergency command");
        assertThat(rig.emergencies.current().fire()).isTrue();
    }

    @Test
    void theOldTopicClosesOnceThePlatformSendsASequencedCommand() {
        rig.sendLegacy(rig.platform.signLegacyCommand(legacy("lockdown", "raise", "n-1", Instant.now())));
        rig.awaitResult(r -> r.path("nonce").asText().equals("n-1"));
        assertThat(rig.emergencies.current().lockdown()).isTrue();

        rig.send(rig.signed("emergency", 1, "mode", "lockdown", "action", "clear"));
        rig.awaitResult(r -> r.path("commandSeq").asLong() == 1);
        rig.sendLegacy(rig.platform.signLegacyCommand(legacy("lockdown", "raise", "n-2", Instant.now())));

        rig.awaitRefusal("legacy-closed");
        assertThat(rig.emergencies.current().lockdown()).isFalse();
    }

    @Test
    void aRemoteClearDoesNotEndAFireTheLocalPanelRaised() {
        rig.emergencies.raise(EmergencyMode.FIRE, "input:fire-panel");

        rig.send(rig.signed("emergency", 1, "mode", "fire", "action", "clear"));

        JsonNode r = rig.awaitRefusal("held-locally");
        assertThat(r.path("commandSeq").asLong()).isEqualTo(1);
        assertThat(r.path("detail").asText()).contains("input:fire-panel");
        assertThat(rig.emergencies.current().fire()).isTrue();
    }

    @Test
    void thePanelConfirmingAFireThePlatformRaisedHoldsItAgainstARemoteClear() {
        rig.send(rig.signed("emergency", 1, "mode", "fire", "action", "raise"));
        rig.awaitResult(r -> r.path("commandSeq").asLong() == 1);
        Instant since =
                rig.emergencies.current().active().get(EmergencyMode.FIRE).since();

        rig.emergencies.raise(EmergencyMode.FIRE, "input:fire-panel");
        rig.send(rig.signed("emergency", 2, "mode", "fire", "action", "clear"));

        rig.awaitRefusal("held-locally");
        assertThat(rig.emergencies.current().active().get(EmergencyMode.FIRE)).satisfies(a -> {
            assertThat(a.source()).isEqualTo("input:fire-panel");
            assertThat(a.since()).isEqualTo(since);
        });
    }

    @Test
    void aClockSetBackDoesNotBringAnExpiredCommandBack() {
        Instant t0 = Instant.now();
        // Issued, withheld by an attacker past its expiry; meanwhile a newer list was applied.
        ObjectNode withheld = rig.command("open", 1, "device", "north-gate")
                .put("issuedAt", t0.toString())
                .put("expiresAt", t0.plus(Duration.ofMinutes(5)).toString());
        rig.listIssuedAt.set(t0.plus(Duration.ofMinutes(30)));
        // The box's clock is set back to when the command was fresh.
        rig.clock.set(t0.plus(Duration.ofMinutes(1)));

        rig.send(rig.platform.signCommand(withheld));

        assertThat(rig.awaitRefusal("expired").path("detail").asText())
                .contains("gateway time " + t0.plus(Duration.ofMinutes(30)));
        assertThat(rig.ran("north-gate")).isEmpty();
    }

    @Test
    void theLatestAcceptedCommandIsAClockFloorThatSurvivesARestart() throws Exception {
        Instant t0 = Instant.now();
        ObjectNode withheld = rig.command("open", 2, "device", "north-gate")
                .put("issuedAt", t0.toString())
                .put("expiresAt", t0.plus(Duration.ofMinutes(5)).toString());
        ObjectNode later = rig.command("open", 1, "device", "south-gate")
                .put("issuedAt", t0.plus(Duration.ofMinutes(20)).toString())
                .put("expiresAt", t0.plus(Duration.ofMinutes(25)).toString());
        rig.clock.set(t0.plus(Duration.ofMinutes(20)));
        rig.send(rig.platform.signCommand(later));
        rig.awaitResult(r -> r.path("target").asText().equals("south-gate"));

        rig.restart();
        rig.clock.set(t0.plus(Duration.ofMinutes(1)));
        rig.send(rig.platform.signCommand(withheld));

        rig.awaitRefusal("expired");
        assertThat(rig.ran("north-gate")).isEmpty();
    }

    private ObjectNode legacy(String mode, String action, String nonce, Instant issued) {
        return rig.platform
                .legacyCommand(mode, action, nonce)
                .put("issuedAt", issued.toString())
                .put("expiresAt", issued.plus(Duration.ofMinutes(5)).toString());
    }
}

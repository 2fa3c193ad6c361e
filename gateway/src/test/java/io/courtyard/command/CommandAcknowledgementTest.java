package io.courtyard.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QoS 1 as the command room uses it: a refused message is acknowledged at once; a valid one once it
 * is accepted durably; one that could not be made durable stays with the broker (no
 * acknowledgement) and runs when it can, or when the broker delivers it again after a restart.
 */
class CommandAcknowledgementTest {
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
    void aCommandTheStoreCannotAcceptIsNeitherRunNorAcknowledgedUntilItCan() throws Exception {
        rig.sql("CREATE TRIGGER full BEFORE INSERT ON command_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");

        CompletionStage<?> ack = rig.send(rig.signed("open", 1, "device", "north-gate"));

        await().atMost(Duration.ofSeconds(5))
                .until(() -> rig.registry
                                        .find(CommandMetrics.RETRIES)
                                        .tag("step", "accept")
                                        .counter()
                                != null
                        && rig.registry
                                        .find(CommandMetrics.RETRIES)
                                        .tag("step", "accept")
                                        .counter()
                                        .count()
                                >= 2);
        assertThat(rig.ran("north-gate")).isEmpty();
        assertThat(ack.toCompletableFuture().isDone()).isFalse();

        rig.sql("DROP TRIGGER full");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ack.toCompletableFuture().isDone());
        assertThat(rig.ran("north-gate")).hasSize(1);
    }

    @Test
    void anAcceptedCommandIsAcknowledgedAndItsResultTheJournalRefusesIsRecordedLater() {
        rig.refuseJournal.set(3);

        CompletionStage<?> ack = rig.send(rig.signed("open", 1, "device", "north-gate"));

        JsonNode r = rig.awaitResult(x -> x.path("commandSeq").asLong() == 1);
        assertThat(r.path("outcome").asText()).isEqualTo("done");
        assertThat(ack.toCompletableFuture().isDone()).isTrue();
        assertThat(rig.ran("north-gate")).hasSize(1);
        assertThat(rig.registry
                        .find(CommandMetrics.RETRIES)
                        .tag("step", "record")
                        .counter()
                        .count())
                .isEqualTo(3.0);
    }

    @Test
    void anEmergencyChangeTheJournalRefusedIsRunAgainUntilItIsDurable() {
        // The lockdown's own alarm event fails twice: in force in memory, not yet on disk.
        rig.refuseJournal.set(2);

        CompletionStage<?> ack = rig.send(rig.signed("emergency", 1, "mode", "lockdown", "action", "raise"));

        JsonNode r = rig.awaitResult(x -> x.path("commandSeq").asLong() == 1);
        assertThat(r.path("outcome").asText()).isEqualTo("done");
        assertThat(rig.emergencies.current().lockdown()).isTrue();
        assertThat(rig.registry
                        .find(CommandMetrics.RETRIES)
                        .tag("step", "execute")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(ack.toCompletableFuture().isDone()).isTrue();
    }

    @Test
    void aCommandARestartInterruptedIsReportedInterruptedAndNotRunAgain() throws Exception {
        CompletableFuture<Outcome> never = new CompletableFuture<>();
        rig.handlers.register(CommandType.MONITOR_STATUS, "monitor-2-1", c -> never);
        byte[] status = rig.signed("monitor-status", 1, "device", "monitor-2-1");
        CompletionStage<?> ack = rig.send(status);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ack.toCompletableFuture().isDone());

        // Stopped while the handler is still at work; it is the gateway's since it was accepted.
        rig.restart();

        JsonNode r = rig.awaitResult(x -> x.path("commandSeq").asLong() == 1);
        assertThat(r.path("outcome").asText()).isEqualTo("failed");
        assertThat(r.path("reason").asText()).isEqualTo("interrupted");
        assertThat(r.path("type").asText()).isEqualTo("monitor-status");
        assertThat(r.path("target").asText()).isEqualTo("monitor-2-1");
        // A copy the broker still had (its acknowledgement lost with the connection) does not run it again.
        never.complete(Outcome.done("asked"));
        rig.send(status);
        rig.awaitRefusal("replay");
        assertThat(rig.results()).hasSize(2);
    }

    @Test
    void aResultTheBrokerDidNotTakeIsPublishedAgainAfterTheNextConnection() {
        rig.upstream.online(false);
        CompletionStage<?> ack = rig.send(rig.signed("open", 1, "device", "north-gate"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> ack.toCompletableFuture().isDone());
        assertThat(rig.results()).isEmpty();

        rig.upstream.online(true);

        rig.awaitResult(r -> r.path("commandSeq").asLong() == 1);
        // Acknowledged by the broker now (the ledger says so): the next connection does not send it again.
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.unreported() == 0);
        rig.upstream.online(true);
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(rig.results()).hasSize(1);
    }

    @Test
    void aFullQueueRefusesTheNewestAsBusyAndAcknowledgesIt() {
        CompletableFuture<Outcome> slow = new CompletableFuture<>();
        rig.handlers.register(CommandType.MONITOR_STATUS, "monitor-2-1", c -> slow);
        rig.send(rig.signed("monitor-status", 1, "device", "monitor-2-1"));
        await().atMost(Duration.ofSeconds(5))
                .until(() -> rig.registry.find(CommandMetrics.SEQUENCE).gauge().value() == 1);
        for (int i = 0; i < CommandService.QUEUE; i++) {
            rig.send(rig.signed("open", 2 + i, "device", "north-gate"));
        }

        CompletionStage<?> overflow = rig.send(rig.signed("open", 99, "device", "north-gate"));

        assertThat(overflow.toCompletableFuture().isDone()).isTrue();
        rig.awaitRefusal("busy");
        slow.complete(Outcome.done("asked"));
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.ran("north-gate").size() == CommandService.QUEUE);
    }
}

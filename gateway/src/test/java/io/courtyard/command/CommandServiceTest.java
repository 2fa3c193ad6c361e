package io.courtyard.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.courtyard.access.EmergencyMode;
import io.courtyard.journal.event.EventKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a valid command does: its handler runs once, its result is journaled, published and acknowledged. */
class CommandServiceTest {
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
    void anOpenCommandRunsTheGatesHandlerOnceAndPublishesItsResultAsTheJournalHasIt() throws Exception {
        CompletionStage<?> ack = rig.send(rig.signed("open", 1, "device", "north-gate"));

        JsonNode r = rig.awaitResult(x -> x.path("type").asText().equals("open"));
        assertThat(rig.ran("north-gate")).hasSize(1);
        Command c = rig.ran("north-gate").get(0);
        assertThat(c.type()).isEqualTo(CommandType.OPEN);
        assertThat(c.target()).isEqualTo("north-gate");
        assertThat(c.seq()).isEqualTo(1);
        assertThat(c.source()).isEqualTo("upstream:" + c.nonce());
        assertThat(r.path("outcome").asText()).isEqualTo("done");
        assertThat(r.has("reason")).isFalse();
        assertThat(r.path("nonce").asText()).isEqualTo(c.nonce());
        assertThat(r.path("commandSeq").asLong()).isEqualTo(1);
        assertThat(r.path("target").asText()).isEqualTo("north-gate");
        assertThat(r.path("device").asText()).isEqualTo("north-gate");
        assertThat(r.path("kind").asText()).isEqualTo("device");
        assertThat(r.path("detail").asText()).isEqualTo("north-gate did it");
        // The same event as the journal holds and the uplink forwards: same id and sequence.
        assertThat(r.path("id").asText()).endsWith("-" + r.path("seq").asLong());
        assertThat(rig.journal.journal().lastDurableSeq())
                .isGreaterThanOrEqualTo(r.path("seq").asLong());
        assertThat(ack.toCompletableFuture().isDone()).isTrue();
        assertThat(rig.counted("done", "none")).isEqualTo(1.0);
    }

    @Test
    void theBarrierDisplayAndMonitorStatusSeamsTakeTheirMembers() {
        rig.send(rig.signed("display", 1, "device", "car-park-entry", "text", "欢迎 Welcome 京A12345"));
        rig.send(rig.platform.signCommand(rig.command("display", 2, "device", "car-park-entry", "text", "满位 Full")
                .put("seconds", 30)));
        rig.send(rig.signed("monitor-status", 3, "device", "monitor-1-1"));

        await().atMost(Duration.ofSeconds(10)).until(() -> rig.results().size() == 3);
        assertThat(rig.ran("car-park-entry"))
                .extracting(c -> c.required("text"))
                .containsExactly("欢迎 Welcome 京A12345", "满位 Full");
        assertThat(rig.ran("car-park-entry").get(0).number("seconds", 10)).isEqualTo(10);
        assertThat(rig.ran("car-park-entry").get(1).number("seconds", 10)).isEqualTo(30);
        assertThat(rig.ran("monitor-1-1")).hasSize(1);
    }

    @Test
    void aHandlersFailureIsReportedAsTheCommandsOutcome() {
        rig.answers.put("south-gate", Outcome.failed("offline", "south-gate-io is offline"));

        rig.send(rig.signed("open", 1, "device", "south-gate"));

        JsonNode r = rig.awaitResult(x -> x.path("target").asText().equals("south-gate"));
        assertThat(r.path("outcome").asText()).isEqualTo("failed");
        assertThat(r.path("reason").asText()).isEqualTo("offline");
        assertThat(rig.counted("failed", "offline")).isEqualTo(1.0);
    }

    @Test
    void fireIsRaisedAndClearedByCommandsAndEachChangeIsDurableBeforeItsResult() throws Exception {
        rig.send(rig.signed("emergency", 1, "mode", "fire", "action", "raise"));
        JsonNode raised = rig.awaitResult(x -> x.path("commandSeq").asLong() == 1);
        assertThat(raised.path("outcome").asText()).isEqualTo("done");
        assertThat(raised.path("detail").asText()).isEqualTo("fire raised");
        assertThat(rig.emergencies.current().fire()).isTrue();
        assertThat(rig.emergencies.current().active().get(EmergencyMode.FIRE).source())
                .isEqualTo("upstream:" + raised.path("nonce").asText());

        rig.send(rig.signed("emergency", 2, "mode", "fire", "action", "clear"));
        rig.awaitResult(x -> x.path("commandSeq").asLong() == 2);
        assertThat(rig.emergencies.current().fire()).isFalse();
        assertThat(rig.journal.journal().lastDurableSeq()).isEqualTo(4);
    }

    @Test
    void aRefusalOfAnAttackIsAnAlarmAndOtherResultsAreDeviceEvents() {
        rig.send(rig.platform.forgeCommand(rig.command("open", 1, "device", "north-gate")));
        rig.send(rig.signed("open", 2, "device", "nowhere"));

        JsonNode forged = rig.awaitRefusal("bad-signature");
        JsonNode unknown = rig.awaitRefusal("unknown-device");
        assertThat(forged.path("kind").asText()).isEqualTo(EventKind.ALARM.topic());
        assertThat(forged.path("device").asText()).isEqualTo("gateway");
        assertThat(forged.has("nonce")).isFalse();
        assertThat(unknown.path("kind").asText()).isEqualTo(EventKind.DEVICE.topic());
        assertThat(unknown.path("device").asText()).isEqualTo("nowhere");
        assertThat(unknown.path("detail").asText()).contains("known: car-park-entry, north-gate, south-gate");
    }
}

package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessState;
import io.courtyard.access.StateChange.Position;
import io.courtyard.testsupport.AclBundles;
import io.courtyard.testsupport.LegacyJournal;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.TestConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4: the gateway of this release started on a journal the release before it wrote
 * ({@code fixtures/journal-0.1.0}): the access state is rebuilt from the projected table and the
 * tail the projection never saw, the projection catches up, and the MQTT sink forwards exactly the
 * backlog that release left unacknowledged, each payload as that release would have sent it.
 */
@Timeout(120)
class LegacyJournalIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void theOldReleasesJournalProjectsAndForwardsAfterTheUpgrade() throws Exception {
        try (Mosquitto broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
                TestConsumer platform =
                        TestConsumer.connect(broker.uri(), "platform", "courtyard/" + LegacyJournal.SITE + "/#")) {
            Path state = dir.resolve("state");
            LegacyJournal.copyTo(state);
            Gateway gateway = new Gateway(
                    AccessFixture.gatewayConfig(state, broker.uri(), new AclBundles(LegacyJournal.SITE).publicKey()));
            gateway.start();
            try {
                AccessState s = gateway.access().state();
                assertThat(s.uses("v1"))
                        .as("use 1 from the table, use 2 from the tail")
                        .isEqualTo(2);
                assertThat(s.position("permit:p1", "zone:main-lot")).isEqualTo(Position.OUT);
                assertThat(s.occupancy("main-lot")).isZero();
                assertThat(s.emergency().fire()).as("raised in the tail").isTrue();
                assertThat(s.emergency().lockdown())
                        .as("in the table, cleared in the tail")
                        .isFalse();

                Map<Long, LegacyJournal.Sent> owed = LegacyJournal.mqtt().entrySet().stream()
                        .filter(e -> LegacyJournal.unsent(e.getKey()))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                await().atMost(WAIT).until(() -> received(platform).keySet().containsAll(owed.keySet()));
                Map<Long, TestConsumer.Message> got = received(platform);
                for (LegacyJournal.Sent before : owed.values()) {
                    TestConsumer.Message m = got.get(before.seq());
                    assertThat(m.topic()).isEqualTo("courtyard/" + LegacyJournal.SITE + "/" + before.kind());
                    assertThat(m.payload()).as("seq %d", before.seq()).isEqualTo(before.payload());
                }
                assertThat(got.keySet())
                        .as("what the old release had forwarded is not sent again")
                        .noneMatch(seq -> seq <= LegacyJournal.EVENTS && !LegacyJournal.unsent(seq));
                assertThat(platform.duplicates()).isZero();

                await().atMost(WAIT).until(() -> projectedThrough(gateway) >= LegacyJournal.EVENTS);
                assertThat(accessStateTable(gateway))
                        .containsEntry("uses|pass:v1", "2")
                        .hasEntrySatisfying("pos|zone:main-lot|permit:p1", v -> assertThat(v)
                                .as("with the time it was taken")
                                .startsWith("out "))
                        .containsKey("emergency|fire")
                        .doesNotContainKey("emergency|lockdown");
            } finally {
                gateway.stop();
            }
        }
    }

    /** Event messages by seq: with {@code batchSize: 1} every message is one event object. */
    private Map<Long, TestConsumer.Message> received(TestConsumer platform) throws Exception {
        Map<Long, TestConsumer.Message> out = new HashMap<>();
        for (TestConsumer.Message m : platform.messages()) {
            if (!m.topic().endsWith("/status")) {
                out.put(json.readTree(m.payload()).get("seq").asLong(), m);
            }
        }
        return out;
    }

    private static long projectedThrough(Gateway g) throws Exception {
        try (Connection c = g.database().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT acked_through FROM sink_cursor WHERE sink = 'access-state'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static Map<String, String> accessStateTable(Gateway g) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (Connection c = g.database().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT key, value FROM access_state")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}

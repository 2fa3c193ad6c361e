package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4 of issue 15: a backup taken by the real {@code courtyard backup} process while the
 * gateway appends and forwards; the box goes on after it (upstream sees events the backup lacks);
 * {@code courtyard restore} on a fresh state directory; the restored gateway forwards what the
 * backup still owed and continues, and upstream never receives one id with two contents.
 */
@Timeout(240)
class BackupRestoreIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SITE = "demo-court";

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void restoredGatewayContinuesWithoutReusingAnIdUpstreamHasSeen() throws Exception {
        try (Mosquitto broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
                TestConsumer platform = TestConsumer.connect(broker.uri(), "platform", "courtyard/" + SITE + "/#")) {
            Path config = ProjectFiles.demoConfigOnFreePorts(dir, broker.uri());
            GatewayConfig cfg = ConfigLoader.load(config);
            Path oldState = dir.resolve("old-box");
            Path backup = dir.resolve("courtyard-backup.db");

            // The old box: events flow while the backup process copies the database.
            List<JournalEvent> oldEvents = new CopyOnWriteArrayList<>();
            Gateway old = new Gateway(cfg.withStateDir(oldState));
            old.start();
            try (Producer p = new Producer(old, oldEvents)) {
                await().atMost(WAIT).until(() -> oldEvents.size() >= 200);
                try (ChildProcess b = cli(
                        "backup",
                        backup.toString(),
                        "--config",
                        config.toString(),
                        "--state-dir",
                        oldState.toString())) {
                    assertThat(b.awaitExit(WAIT)).as(b::output).isZero();
                    assertThat(b.output()).contains(": backup of site demo-court: ");
                }
                int atBackup = oldEvents.size();
                await().atMost(WAIT).until(() -> oldEvents.size() >= atBackup + 300);
            }
            await().atMost(WAIT).until(() -> received(platform).keySet().containsAll(ids(oldEvents)));
            old.stop();
            String oldInstance = instancePart(oldEvents.get(0).id());
            long backupSeq = lastSeq(backup);
            long oldLast = oldEvents.stream().mapToLong(JournalEvent::seq).max().orElseThrow();
            assertThat(oldLast)
                    .as("upstream saw events the backup does not hold")
                    .isGreaterThan(backupSeq + 100);

            // The replacement box: restored from the backup onto an empty state directory.
            Path newState = dir.resolve("new-box");
            try (ChildProcess r = cli(
                    "restore", backup.toString(), "--config", config.toString(), "--state-dir", newState.toString())) {
                assertThat(r.awaitExit(WAIT)).as(r::output).isZero();
                assertThat(r.output()).contains("from seq " + (backupSeq + 1) + " (was " + oldInstance + ")");
            }
            List<JournalEvent> newEvents = new CopyOnWriteArrayList<>();
            Gateway restored = new Gateway(cfg.withStateDir(newState));
            restored.start();
            try (Producer p = new Producer(restored, newEvents)) {
                await().atMost(WAIT).until(() -> newEvents.size() >= 300);
            }
            await().atMost(WAIT).until(() -> received(platform).keySet().containsAll(ids(newEvents)));
            restored.stop();

            Map<String, Set<String>> byId = received(platform);
            assertThat(byId.entrySet())
                    .as("one id, one content: a resend is the same event, never another")
                    .allSatisfy(e -> assertThat(e.getValue()).as(e.getKey()).hasSize(1));

            JsonNode restoredEvent = restoredEvent(platform);
            String newInstance = restoredEvent.path("instance").asText();
            assertThat(newInstance).isNotEqualTo(oldInstance);
            assertThat(restoredEvent.path("previousInstance").asText()).isEqualTo(oldInstance);
            assertThat(restoredEvent.path("backupSeq").asLong()).isEqualTo(backupSeq);
            assertThat(restoredEvent.path("seq").asLong()).isEqualTo(backupSeq + 1);
            assertThat(restoredEvent.path("id").asText()).isEqualTo(SITE + "-" + newInstance + "-" + (backupSeq + 1));

            assertThat(newEvents).allSatisfy(e -> {
                assertThat(e.seq()).isGreaterThan(backupSeq + 1);
                assertThat(e.id()).isEqualTo(SITE + "-" + newInstance + "-" + e.seq());
            });
            Set<Long> reusedNumbers = new HashSet<>();
            for (JournalEvent e : newEvents) {
                if (e.seq() <= oldLast) {
                    reusedNumbers.add(e.seq());
                }
            }
            assertThat(reusedNumbers)
                    .as("the numbers after the backup were given out twice, once per instance (the README says so)")
                    .isNotEmpty();
            assertThat(ids(newEvents)).doesNotContainAnyElementsOf(ids(oldEvents));
            assertThat(integrity(newState.resolve("courtyard.db"))).isEqualTo("ok");
        }
    }

    /** Appends access events as fast as they become durable, keeping those the journal acknowledged. */
    private static final class Producer implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Producer(Gateway gw, List<JournalEvent> acked) {
            thread = new Thread(
                    () -> {
                        for (int i = 0; !stop.get(); i++) {
                            CompletableFuture<JournalEvent> f = gw.journal()
                                    .append(EventDraft.at(
                                            "north-gate", Instant.now(), SampleEvents.numbered(EventKind.ACCESS, i)));
                            try {
                                acked.add(f.get(10, TimeUnit.SECONDS));
                                TimeUnit.MILLISECONDS.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            } catch (Exception e) {
                                // not acknowledged: a device would retry; not counted as sent
                            }
                        }
                    },
                    "test-producer");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
        }
    }

    private ChildProcess cli(String... args) {
        List<String> cmd = ChildProcess.gatewayCommand(args);
        return ChildProcess.start(cmd, dir, dir.resolve(args[0] + "-" + System.nanoTime() + ".log"));
    }

    /** Every content upstream received per event id, over all event topics. */
    private Map<String, Set<String>> received(TestConsumer platform) throws Exception {
        Map<String, Set<String>> out = new HashMap<>();
        for (TestConsumer.Message m : platform.messages()) {
            if (m.topic().endsWith("/status") || m.topic().endsWith("/acl/request")) {
                continue; // not journal events: no id
            }
            JsonNode node = json.readTree(m.payload());
            for (JsonNode e : node.isArray() ? node : List.of(node)) {
                out.computeIfAbsent(e.path("id").asText(), k -> new HashSet<>()).add(e.toString());
            }
        }
        return out;
    }

    private JsonNode restoredEvent(TestConsumer platform) throws Exception {
        for (TestConsumer.Arrival a : platform.arrivals()) {
            JsonNode n = a.json();
            if (n.path("device").asText().equals("gateway")
                    && n.path("state").asText().equals("restored")) {
                return n;
            }
        }
        throw new AssertionError("no restored event upstream");
    }

    private static Set<String> ids(List<JournalEvent> events) {
        Set<String> out = new HashSet<>();
        events.forEach(e -> out.add(e.id()));
        return out;
    }

    private static String instancePart(String id) {
        String rest = id.substring(SITE.length() + 1);
        return rest.substring(0, rest.indexOf('-'));
    }

    private static long lastSeq(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT MAX(seq) FROM events")) {
            return rs.getLong(1);
        }
    }

    private static String integrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            return rs.getString(1);
        }
    }
}

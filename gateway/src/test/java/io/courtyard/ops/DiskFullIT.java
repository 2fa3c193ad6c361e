package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Decision;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.Mosquitto;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SmallDisk;
import io.courtyard.testsupport.TestConsumer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk for real: the gateway's state directory on a 16 MiB tmpfs that the test fills to
 * the last block. The gateway keeps deciding; decisions wait in memory (deferred) while events a
 * device can send again are refused; the disk alarm shows on /health and reaches upstream; when
 * the ballast goes the gateway recovers by itself; every acknowledged event is in the database and
 * upstream, and the database passes integrity_check. Root only (mount); skipped otherwise.
 */
@Timeout(300)
class DiskFullIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final CredentialKey RESIDENT = CredentialKey.parse("card:h10301/12/1001");

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aFullDiskKeepsDecidingDefersDecisionsRefusesRetryablesAlarmsAndRecoversByItself() throws Exception {
        StringBuilder whyNot = new StringBuilder();
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("small-disk"), 16, whyNot)) {
            assumeTrue(disk != null, () -> "DiskFullIT skipped: " + whyNot);
            try (Mosquitto broker = Mosquitto.start(Files.createDirectories(dir.resolve("broker")));
                    TestConsumer platform = TestConsumer.connect(broker.uri(), "platform", "courtyard/demo-court/#")) {
                Path config = ProjectFiles.demoConfigOnFreePorts(dir, broker.uri());
                Path state = disk.path().resolve("state");
                try (ChildProcess imp = ChildProcess.start(
                        ChildProcess.gatewayCommand(
                                "acl",
                                "import",
                                ProjectFiles.config("acl-example.json").toString(),
                                "--config",
                                config.toString(),
                                "--state-dir",
                                state.toString()),
                        dir,
                        dir.resolve("acl-import.log"))) {
                    assertThat(imp.awaitExit(WAIT)).as(imp::output).isZero();
                }
                GatewayConfig cfg = ConfigLoader.load(config).withStateDir(state);
                Gateway gw = new Gateway(cfg);
                gw.start();
                try {
                    run(gw, disk, platform, state);
                } finally {
                    gw.stop();
                }
                assertThat(integrity(state.resolve("courtyard.db"))).isEqualTo("ok");
            }
        }
    }

    private void run(Gateway gw, SmallDisk disk, TestConsumer platform, Path state) throws Exception {
        List<JournalEvent> acked = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            acked.add(push(gw, i).get(10, TimeUnit.SECONDS));
        }

        disk.fill();
        // SQLite reuses the space its WAL already holds: keep pushing until a commit needs a new block.
        int refused = 0;
        for (int i = 0; refused == 0 && i < 50_000; i++) {
            try {
                acked.add(push(gw, 1000 + i).get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                assertThat(e.getCause()).hasMessageStartingWith("not durable");
                refused++;
            }
        }
        assertThat(refused).as("the full disk refused a commit").isPositive();
        assertThat(gw.journal().diskAlarm()).startsWith("journal writes failing");
        JsonNode health = health(gw);
        assertThat(health.path("status").asText()).isEqualTo("degraded");
        assertThat(health.path("diskAlarm").asText()).contains("journal writes failing");

        // Still deciding: grants come from memory, their events wait for the disk.
        Set<String> decidedWhileFull = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            // The journal keeps microseconds: a decision's time comes back upstream exactly.
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS).plusMillis(i);
            Decision d = gw.access().decide(new AccessRequest("north-gate", RESIDENT, null, at));
            assertThat(d.granted()).as("decision %d while the disk is full", i).isTrue();
            decidedWhileFull.add(at.toString());
        }
        // A retryable device event is refused, so that the device sends it again.
        ExecutionException refusedPush = org.junit.jupiter.api.Assertions.assertThrows(
                ExecutionException.class, () -> push(gw, 99_999).get(30, TimeUnit.SECONDS));
        assertThat(refusedPush.getCause()).hasMessageStartingWith("not durable");

        disk.free();
        // Nobody intervenes: the next idle tick writes the deferred events, and the alarm clears.
        await().atMost(WAIT)
                .until(() -> gw.journal().diskAlarm() == null && gw.journal().deferred() == 0);
        assertThat(health(gw).path("status").asText()).isEqualTo("up");
        for (int i = 0; i < 50; i++) {
            acked.add(push(gw, 200_000 + i).get(10, TimeUnit.SECONDS));
        }

        Set<String> ackedIds = new HashSet<>();
        acked.forEach(e -> ackedIds.add(e.id()));
        await().atMost(WAIT).until(() -> upstreamIds(platform).containsAll(ackedIds));
        await().atMost(WAIT).until(() -> upstreamDecisionTimes(platform).containsAll(decidedWhileFull));
        List<String> diskAlarms = new ArrayList<>();
        for (TestConsumer.Arrival a : platform.arrivals()) {
            JsonNode n = a.json();
            if (n.path("alarm").asText().equals("disk")) {
                diskAlarms.add(n.path("state").asText());
            }
        }
        // A disk on the edge may accept a small commit now and then (SQLite reuses its WAL's space),
        // so there may be several episodes: each raise is cleared, the first is a raise, the last a clearing.
        assertThat(diskAlarms)
                .as("upstream hears each raise, then its clearing")
                .isNotEmpty();
        for (int i = 0; i < diskAlarms.size(); i++) {
            assertThat(diskAlarms.get(i))
                    .as("alarm %d of %s", i, diskAlarms)
                    .isEqualTo(i % 2 == 0 ? "raised" : "cleared");
        }
        assertThat(diskAlarms).last().isEqualTo("cleared");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("courtyard.db"));
                PreparedStatement ps = c.prepareStatement("SELECT body FROM events WHERE seq = ?")) {
            for (JournalEvent e : acked) {
                ps.setLong(1, e.seq());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next())
                            .as("acknowledged seq %d is stored", e.seq())
                            .isTrue();
                    assertThat(rs.getString(1)).isEqualTo(e.body());
                }
            }
        }
    }

    /** A device event of the kind a camera or monitor could send again: plain append, ~2 KB. */
    private static CompletableFuture<JournalEvent> push(Gateway gw, int n) {
        return gw.journal()
                .append(EventDraft.at("monitor-1-1", Instant.now(), new DeviceOffline("bus", n, "x".repeat(2000))));
    }

    private JsonNode health(Gateway gw) throws Exception {
        int port = gw.http().orElseThrow().port();
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body());
    }

    private static Set<String> upstreamIds(TestConsumer platform) {
        Set<String> ids = new HashSet<>();
        platform.arrivals().forEach(a -> ids.add(a.id()));
        return ids;
    }

    private Set<String> upstreamDecisionTimes(TestConsumer platform) throws Exception {
        Set<String> out = new HashSet<>();
        for (TestConsumer.Arrival a : platform.arrivals()) {
            if (a.kind().equals("access")) {
                out.add(Instant.parse(a.json().path("ts").asText()).toString());
            }
        }
        return out;
    }

    private static String integrity(Path db) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
            return rs.getString(1);
        }
    }
}

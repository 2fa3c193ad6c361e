package io.courtyard.acl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessState;
import io.courtyard.access.Emergencies;
import io.courtyard.access.EmergencyMode;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.EventKind;
import io.courtyard.store.Database;
import io.courtyard.testsupport.AclBundles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed emergency commands on a real store, arriving through a recording upstream. */
class EmergencyCommandsTest {
    static final String SITE = "fixture-court";

    @TempDir
    Path dir;

    final AclBundles platform = new AclBundles(SITE);
    final List<EventDraft> events = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AclSyncTest.FakeUpstream upstream = new AclSyncTest.FakeUpstream();
    Database db;
    Emergencies emergencies;
    EmergencyCommands commands;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir, Synchronous.NORMAL);
        db.start();
        emergencies = new Emergencies(new AccessState(), AccessFixture.site(), this::journal, Clock.systemUTC());
        commands = new EmergencyCommands(
                upstream,
                SITE,
                platform.keys().getPublic(),
                db,
                () -> emergencies,
                this::journal,
                registry,
                Clock.systemUTC());
        commands.start();
    }

    /** Emergency alarms the journal still refuses, as on a full disk. */
    final AtomicInteger refuseAlarms = new AtomicInteger();

    CompletableFuture<Void> journal(EventDraft d) {
        if (d.kind() == EventKind.ALARM && d.body().contains("emergency") && refuseAlarms.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(new java.sql.SQLException("disk full"));
        }
        events.add(d);
        return CompletableFuture.completedFuture(null);
    }

    @AfterEach
    void close() throws Exception {
        commands.stop();
        db.stop();
    }

    void deliver(byte[] b) {
        upstream.deliver(EmergencyCommands.TOPIC, b);
    }

    double counted(String result, String reason) {
        return registry.get("courtyard.access.commands")
                .tag("result", result)
                .tag("reason", reason)
                .counter()
                .count();
    }

    @Test
    void aFloodOfForgedCommandsJournalsOneAlarmButCountsEvery() {
        for (int i = 0; i < 5; i++) {
            deliver(platform.forge(platform.command("fire", "raise", "n" + i)));
        }
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> counted("refused", "bad-signature") == 5);
        assertEquals(1, events.stream().filter(e -> e.kind() == EventKind.ALARM).count());
        assertTrue(emergencies.current().active().isEmpty());
    }

    @Test
    void aCommandIssuedInTheFutureBeyondTheSkewIsRefused() {
        ObjectNode c = platform.command("fire", "raise", "n1");
        java.time.Instant ahead = java.time.Instant.now().plus(Duration.ofMinutes(5));
        c.put("issuedAt", ahead.toString())
                .put("expiresAt", ahead.plus(Duration.ofMinutes(5)).toString());
        deliver(platform.signCommand(c));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> counted("refused", "not-yet-valid") == 1);
        assertTrue(emergencies.current().active().isEmpty());
    }

    @Test
    void oversizeCommandsAreDroppedUnreadCountedAndJournaledOnce() {
        for (int i = 0; i < 3; i++) {
            deliver(new byte[EmergencyCommands.MAX_BYTES + 1]);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertEquals(
                3.0,
                registry.get("courtyard.access.commands.dropped")
                        .tag("reason", "oversize")
                        .counter()
                        .count());
        assertTrue(
                events.get(0).body().contains("\"reason\":\"oversize\""),
                events.get(0).body());
        assertTrue(emergencies.current().active().isEmpty());
    }

    @Test
    void aSignedCommandWithANullMemberIsMalformed() {
        deliver(platform.signCommand(platform.command("fire", "raise", "n1").putNull("nonce")));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> counted("refused", "malformed") == 1);
        assertTrue(emergencies.current().active().isEmpty());
    }

    @Test
    void aCommandWhoseChangeTheJournalRefusedIsRunAgainUntilTheChangeIsRecorded() {
        refuseAlarms.set(1);

        deliver(platform.signCommand(platform.command("lockdown", "raise", "n1")));

        await().atMost(Duration.ofSeconds(10)).until(() -> events.stream()
                .anyMatch(e -> e.kind() == EventKind.ALARM && e.body().contains("\"mode\":\"lockdown\"")));
        assertTrue(emergencies.current().lockdown());
        assertTrue(counted("retrying", "store") >= 1, "the first run was not reported done");
        await().atMost(Duration.ofSeconds(5)).until(() -> counted("executed", "none") == 1);
    }

    @Test
    void aCommandTheStoreCouldNotRecordIsTriedAgainNotRefusedForever() throws Exception {
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.executeUpdate(
                    "CREATE TRIGGER full BEFORE INSERT ON access_state BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }
        deliver(platform.signCommand(platform.command("fire", "raise", "n1")));
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> counted("retrying", "store") >= 1);
        assertTrue(emergencies.current().active().isEmpty());
        try (Connection c = db.connect();
                Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER full");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> emergencies.current().active().containsKey(EmergencyMode.FIRE));
    }
}

package io.courtyard.acl;

import static io.courtyard.testsupport.AclBundles.add;
import static io.courtyard.testsupport.AclBundles.credential;
import static io.courtyard.testsupport.AclBundles.group;
import static io.courtyard.testsupport.AclBundles.holder;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessEngine;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessList;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.AccessState;
import io.courtyard.access.SiteLayout;
import io.courtyard.command.Command;
import io.courtyard.command.CommandHandlers;
import io.courtyard.command.CommandType;
import io.courtyard.command.Outcome;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import io.courtyard.testsupport.AclBundles;
import io.courtyard.testsupport.FakeUpstream;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync in front of a real updater and store, with an upstream that records what is published. */
class AclSyncTest {
    static final String SITE = "fixture-court";

    @TempDir
    Path dir;

    final AclBundles platform = new AclBundles(SITE);
    final SiteLayout site = AccessFixture.site();
    final AccessEngine engine = new AccessEngine(AccessSnapshot.build(AccessList.EMPTY, site), new AccessState());
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FakeUpstream upstream = new FakeUpstream();
    Database db;
    Connection conn;
    AclUpdater updater;
    AclSync sync;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir, Synchronous.NORMAL);
        db.start();
        conn = db.connect();
        AclMetrics metrics = new AclMetrics();
        metrics.bindTo(registry);
        updater = new AclUpdater(
                SITE,
                platform.keys().getPublic(),
                conn,
                AclUpdaterTest.target(engine, site),
                d -> CompletableFuture.completedFuture(null),
                metrics,
                Clock.systemUTC());
        sync = new AclSync(upstream, () -> updater, SITE, Clock.systemUTC());
        sync.start();
    }

    @AfterEach
    void close() throws Exception {
        sync.stop();
        conn.close();
        db.stop();
    }

    ObjectNode snapshotV1() {
        ObjectNode p = platform.snapshot(1);
        add(p, "groups", group("residents", "north-gate"));
        add(p, "holders", holder("h1", "resident", "1-1-702", "residents"));
        add(p, "credentials", credential("c1", "h1", "card:h10301/12/1001"));
        return p;
    }

    @Test
    void aMessageDroppedOnAFullQueueIsCountedAndBringsASnapshotRequest() throws Exception {
        byte[] bundle = platform.sign(snapshotV1());
        // Holding the updater keeps the worker busy on the first message while the queue fills.
        synchronized (updater) {
            for (int i = 0; i < AclSync.QUEUE + 2; i++) {
                upstream.deliver(AclSync.TOPIC, bundle);
            }
            assertEquals(
                    1.0,
                    registry.get(AclMetrics.DROPPED)
                            .tag("reason", "queue-full")
                            .counter()
                            .count());
            assertEquals(1, upstream.published.size(), "one snapshot request");
            assertTrue(upstream.published.get(0).contains("\"reason\":\"lost\""), upstream.published.get(0));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> updater.currentVersion() == 1);
    }

    @Test
    void aMessageTheStoreRefusedIsTriedAgainAndASnapshotIsRequested() throws Exception {
        try (Statement st = conn.createStatement()) {
            st.executeUpdate(
                    "CREATE TRIGGER full BEFORE INSERT ON acl_entries BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }
        upstream.deliver(AclSync.TOPIC, platform.sign(snapshotV1()));
        await().atMost(Duration.ofSeconds(5)).until(() -> !upstream.published.isEmpty());
        assertTrue(upstream.published.get(0).contains("\"reason\":\"store\""), upstream.published.get(0));
        assertEquals(0, updater.currentVersion());
        try (Statement st = conn.createStatement()) {
            st.executeUpdate("DROP TRIGGER full");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> updater.currentVersion() == 1);
    }

    @Test
    void anOversizeMessageIsDroppedBeforeItIsQueuedAndCounted() throws Exception {
        synchronized (updater) {
            // The worker is held: a queued message would wait here, a dropped one is counted at once.
            upstream.deliver(AclSync.TOPIC, new byte[SignedBundle.MAX_BYTES + 1]);
            assertEquals(
                    1.0,
                    registry.get(AclMetrics.DROPPED)
                            .tag("reason", "oversize")
                            .counter()
                            .count());
            assertEquals(
                    1.0,
                    registry.get(AclMetrics.UPDATES)
                            .tag("reason", "malformed")
                            .counter()
                            .count());
        }
        upstream.deliver(AclSync.TOPIC, platform.sign(snapshotV1()));
        await().atMost(Duration.ofSeconds(10)).until(() -> updater.currentVersion() == 1);
    }

    @Test
    void theResyncCommandRequestsASnapshotAtOnceEvenRightAfterAnotherRequest() throws Exception {
        CommandHandlers handlers = new CommandHandlers();
        sync.registerCommands(handlers);
        assertTrue(sync.request("gap", 7), "a first request goes out");

        Command resync = new Command(
                CommandType.ACL_RESYNC, "n-1", 1, Instant.now(), Instant.now().plusSeconds(60), null, Map.of());
        Outcome o = handlers.find(CommandType.ACL_RESYNC, null).handle(resync).get(5, TimeUnit.SECONDS);

        assertTrue(o.done(), o.toString());
        assertEquals(2, upstream.published.size());
        assertTrue(upstream.published.get(1).contains("\"reason\":\"command\""), upstream.published.get(1));
    }

    @Test
    void theResyncCommandFailsWithoutAConnectionAndTheRequestGoesOutOnTheNextOne() throws Exception {
        CommandHandlers handlers = new CommandHandlers();
        sync.registerCommands(handlers);
        upstream.online(false);

        Command resync = new Command(
                CommandType.ACL_RESYNC, "n-1", 1, Instant.now(), Instant.now().plusSeconds(60), null, Map.of());
        Outcome o = handlers.find(CommandType.ACL_RESYNC, null).handle(resync).get(5, TimeUnit.SECONDS);

        assertEquals("not-connected", o.reason());
        assertTrue(upstream.published.isEmpty());
        upstream.online(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> upstream.published.size() == 1);
        assertTrue(upstream.published.get(0).contains("\"have\":0"), upstream.published.get(0));
    }
}

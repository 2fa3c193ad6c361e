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
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import io.courtyard.testsupport.AclBundles;
import io.courtyard.uplink.UpstreamSubscriber;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
                upstream.deliver(bundle);
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
        upstream.deliver(platform.sign(snapshotV1()));
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
            upstream.deliver(new byte[SignedBundle.MAX_BYTES + 1]);
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
        upstream.deliver(platform.sign(snapshotV1()));
        await().atMost(Duration.ofSeconds(10)).until(() -> updater.currentVersion() == 1);
    }

    /** Records publications; always connected. */
    static final class FakeUpstream implements UpstreamSubscriber {
        final List<String> published = new CopyOnWriteArrayList<>();
        final Map<String, Handler> handlers = new ConcurrentHashMap<>();
        final Map<String, Integer> limits = new ConcurrentHashMap<>();

        @Override
        public void subscribe(String suffix, int maxBytes, Handler h) {
            handlers.put(suffix, h);
            limits.put(suffix, maxBytes);
        }

        @Override
        public boolean publish(String suffix, byte[] payload) {
            published.add(new String(payload, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void onConnected(Runnable r) {}

        void deliver(byte[] payload) {
            deliver(AclSync.TOPIC, payload);
        }

        /** As the channel does: within the topic's limit to the handler, else only the size. */
        void deliver(String topic, byte[] payload) {
            if (payload.length > limits.get(topic)) {
                handlers.get(topic).oversize(payload.length);
            } else {
                handlers.get(topic).message(payload);
            }
        }
    }
}

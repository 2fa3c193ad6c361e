package io.courtyard.acl;

import static io.courtyard.testsupport.AclBundles.add;
import static io.courtyard.testsupport.AclBundles.credential;
import static io.courtyard.testsupport.AclBundles.group;
import static io.courtyard.testsupport.AclBundles.holder;
import static io.courtyard.testsupport.AclBundles.pass;
import static io.courtyard.testsupport.AclBundles.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessEngine;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessList;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.AccessState;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Reason;
import io.courtyard.access.SiteLayout;
import io.courtyard.acl.AclUpdater.Outcome;
import io.courtyard.acl.AclUpdater.Refusal;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AclApplied;
import io.courtyard.journal.event.AclRefused;
import io.courtyard.journal.event.EventKind;
import io.courtyard.store.Database;
import io.courtyard.testsupport.AclBundles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The updater on a real SQLite store: every refusal keeps the list in force, is counted and journaled. */
class AclUpdaterTest {
    static final String SITE = "fixture-court";
    static final CredentialKey CARD = CredentialKey.parse("card:h10301/12/1001");
    static final Instant MON_10 = AccessFixture.at("2026-03-02T10:00");

    @TempDir
    Path dir;

    final AclBundles platform = new AclBundles(SITE);
    final SiteLayout site = AccessFixture.site();
    final AccessEngine engine = new AccessEngine(AccessSnapshot.build(AccessList.EMPTY, site), new AccessState());
    final List<EventDraft> events = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Database db;
    Connection conn;
    AclUpdater updater;

    @BeforeEach
    void open() throws Exception {
        db = new Database(dir, Synchronous.NORMAL);
        db.start();
        conn = db.connect();
        updater = updater(conn);
    }

    AclUpdater updater(Connection c) {
        AclMetrics metrics = new AclMetrics();
        metrics.bindTo(registry);
        return new AclUpdater(
                SITE,
                platform.keys().getPublic(),
                c,
                target(engine, site),
                d -> {
                    events.add(d);
                    return CompletableFuture.completedFuture(null);
                },
                metrics,
                Clock.systemUTC());
    }

    static AclUpdater.Target target(AccessEngine engine, SiteLayout site) {
        return new AclUpdater.Target() {
            @Override
            public AccessList current() {
                return engine.snapshot().list();
            }

            @Override
            public AccessSnapshot prepare(AccessList list) {
                return AccessSnapshot.build(list, site);
            }

            @Override
            public void install(AccessSnapshot snapshot) {
                engine.swap(snapshot);
            }
        };
    }

    @AfterEach
    void close() throws Exception {
        conn.close();
        db.stop();
    }

    ObjectNode snapshotV1() {
        ObjectNode p = platform.snapshot(1);
        add(p, "groups", group("residents", "north-gate", "lift-1-1"));
        add(p, "holders", holder("h1", "resident", "1-1-702", "residents"));
        add(p, "credentials", credential("c1", "h1", CARD.text()));
        add(p, "credentials", credential("c2", "h1", "card:h10301/12/1002"));
        return p;
    }

    ObjectNode revokeC1(long version) {
        ObjectNode d = platform.delta(version);
        add(d, "credentials", credential("c1", "h1", CARD.text()).put("status", "revoked"));
        return d;
    }

    Reason decide(CredentialKey k) {
        return engine.decide(AccessRequest.of("north-gate", k, MON_10)).reason();
    }

    double counted(String result, String reason) {
        return registry.get(AclMetrics.UPDATES)
                .tag("result", result)
                .tag("reason", reason)
                .counter()
                .count();
    }

    long storedVersion() throws Exception {
        return AclStore.version(conn);
    }

    @Test
    void aSnapshotThenDeltasAreAppliedStoredAndEnforced() throws Exception {
        assertEquals(
                Outcome.APPLIED,
                updater.apply(platform.sign(snapshotV1()), "test").outcome());
        assertEquals(Reason.GRANTED, decide(CARD));

        assertEquals(
                Outcome.APPLIED,
                updater.apply(platform.sign(revokeC1(2)), "test").outcome());
        assertEquals(Reason.REVOKED, decide(CARD));

        ObjectNode d3 = platform.delta(3);
        remove(d3, "credentials", "c1");
        assertEquals(Outcome.APPLIED, updater.apply(platform.sign(d3), "test").outcome());
        assertEquals(Reason.UNKNOWN_CREDENTIAL, decide(CARD));
        assertEquals(Reason.GRANTED, decide(CredentialKey.parse("card:h10301/12/1002")));

        assertEquals(3, storedVersion());
        AccessList stored = AclStore.load(conn);
        assertEquals(engine.snapshot().list(), stored, "the store holds exactly what is enforced");
        assertEquals(3, counted("applied", "none"));
        assertTrue(events.stream().allMatch(e -> e.kind() == EventKind.DEVICE && e.event() instanceof AclApplied));
    }

    @Test
    void aForgedDeltaIsRefusedAsAnAlarmAndTheListKeepsWorking() throws Exception {
        updater.apply(platform.sign(snapshotV1()), "test");
        events.clear();

        AclUpdater.Result r = updater.apply(platform.forge(revokeC1(2)), "test");

        assertEquals(Refusal.BAD_SIGNATURE, r.refusal());
        assertNull(r.message(), "nothing of an unverified message is believed");
        assertEquals(Reason.GRANTED, decide(CARD));
        assertEquals(1, storedVersion());
        assertEquals(1, events.size());
        assertEquals(EventKind.ALARM, events.get(0).kind());
        assertEquals("bad-signature", ((AclRefused) events.get(0).event()).reason());
        assertEquals(1, counted("refused", "bad-signature"));
    }

    @Test
    void anOldVersionIsAReplayAndTheSameMessageAgainIsADuplicate() throws Exception {
        byte[] v1 = platform.sign(snapshotV1());
        byte[] v2 = platform.sign(revokeC1(2));
        updater.apply(v1, "test");
        updater.apply(v2, "test");
        events.clear();

        assertEquals(Outcome.DUPLICATE, updater.apply(v2, "test").outcome(), "an MQTT redelivery");
        assertEquals(List.of(), events, "a duplicate is not worth an event");
        AclUpdater.Result replay = updater.apply(v1, "test");
        assertEquals(Refusal.REPLAY, replay.refusal());
        ObjectNode other = platform.delta(2);
        add(other, "credentials", credential("c9", "h1", "card:h10301/12/1009"));
        assertEquals(Refusal.REPLAY, updater.apply(platform.sign(other), "test").refusal(), "version 2 reused");

        assertEquals(Reason.REVOKED, decide(CARD));
        assertEquals(2, storedVersion());
        assertEquals(EventKind.ALARM, events.get(0).kind());
        assertEquals("replay", ((AclRefused) events.get(0).event()).reason());
    }

    @Test
    void aGapIsRefusedAndNamedSoThatASnapshotCanBeRequested() throws Exception {
        updater.apply(platform.sign(snapshotV1()), "test");
        events.clear();

        AclUpdater.Result r = updater.apply(platform.sign(revokeC1(3)), "test");

        assertEquals(Refusal.GAP, r.refusal());
        assertEquals(3, r.message().version());
        assertEquals(Reason.GRANTED, decide(CARD));
        assertEquals(EventKind.DEVICE, events.get(0).kind());
        assertEquals("gap", ((AclRefused) events.get(0).event()).reason());
    }

    @Test
    void aDeltaWithoutAnyListIsAGap() {
        assertEquals(
                Refusal.GAP, updater.apply(platform.sign(revokeC1(2)), "test").refusal());
    }

    @Test
    void anExpiredMessageIsRefused() throws Exception {
        ObjectNode p = snapshotV1();
        p.put("expiresAt", Instant.now().minus(Duration.ofSeconds(1)).toString());

        AclUpdater.Result r = updater.apply(platform.sign(p), "test");

        assertEquals(Refusal.EXPIRED, r.refusal());
        assertEquals(0, storedVersion());
        assertEquals(Reason.NO_ACCESS_LIST, decide(CARD));
    }

    @Test
    void aMessageForAnotherSiteIsRefused() {
        ObjectNode p = snapshotV1();
        p.put("site", "other-court");

        assertEquals(Refusal.WRONG_SITE, updater.apply(platform.sign(p), "test").refusal());
    }

    @Test
    void aMisspeltMemberIsMalformedWithItsPath() {
        ObjectNode p = snapshotV1();
        add(p, "holders", holder("h2", "resident", "1-1-601").put("stauts", "revoked"));

        AclUpdater.Result r = updater.apply(platform.sign(p), "test");

        assertEquals(Refusal.MALFORMED, r.refusal());
        assertTrue(r.detail().startsWith("payload.entries.holders[1].stauts: unknown member"), r.detail());
    }

    @Test
    void anAmbiguousListIsRefusedAndNothingIsStored() throws Exception {
        updater.apply(platform.sign(snapshotV1()), "test");
        ObjectNode d = platform.delta(2);
        add(d, "passes", pass("v1", "1-1-702", CARD.text(), MON_10, MON_10.plusSeconds(3600), 1, "north-gate"));

        AclUpdater.Result r = updater.apply(platform.sign(d), "test");

        assertEquals(Refusal.INVALID, r.refusal());
        assertTrue(r.detail().contains("is used by both credential c1 and pass v1"), r.detail());
        assertEquals(1, storedVersion());
        assertEquals(Reason.GRANTED, decide(CARD));
    }

    @Test
    void withoutAKeyEveryMessageIsRefused() throws Exception {
        AclUpdater keyless = new AclUpdater(
                SITE,
                (java.security.PublicKey) null,
                conn,
                target(engine, site),
                d -> CompletableFuture.completedFuture(null),
                AclMetrics.detached(),
                Clock.systemUTC());

        assertEquals(
                Refusal.NO_KEY,
                keyless.apply(platform.sign(snapshotV1()), "test").refusal());
    }

    @Test
    void aStoreFailureMidApplyLeavesTheOldListWholeOnDiskAndInMemory() throws Exception {
        updater.apply(platform.sign(snapshotV1()), "test");
        AccessList before = AclStore.load(conn);
        try (Statement st = conn.createStatement()) {
            // The third row of the transaction fails, after the first two were written.
            st.execute("CREATE TEMP TRIGGER boom BEFORE INSERT ON acl_entries WHEN NEW.id = 'c-boom' BEGIN"
                    + " SELECT RAISE(ABORT, 'disk on fire'); END");
        }
        ObjectNode d = revokeC1(2);
        add(d, "credentials", credential("c-new", "h1", "card:h10301/12/1005"));
        add(d, "credentials", credential("c-boom", "h1", "card:h10301/12/1006"));
        remove(d, "credentials", "c2");

        AclUpdater.Result r = updater.apply(platform.sign(d), "test");

        assertEquals(Refusal.STORE, r.refusal());
        assertTrue(r.detail().contains("disk on fire"), r.detail());
        assertEquals(before, AclStore.load(conn), "the transaction rolled back as a whole");
        assertEquals(1, storedVersion());
        assertEquals(Reason.GRANTED, decide(CARD), "the old list is still enforced");
    }

    @Test
    void refusalsAreJournaledOnceAMinutePerReasonButAllCounted() {
        for (int i = 0; i < 5; i++) {
            updater.apply(platform.forge(snapshotV1()), "test");
        }

        assertEquals(1, events.size());
        assertEquals(5, counted("refused", "bad-signature"));
    }

    @Test
    void aListStoredByAnotherProcessIsInstalledOnTheNextCheck() throws Exception {
        updater.apply(platform.sign(snapshotV1()), "test");
        AccessEngine other = new AccessEngine(AccessSnapshot.build(AccessList.EMPTY, site), new AccessState());
        try (Connection c2 = db.connect()) {
            AclUpdater importer = new AclUpdater(
                    SITE,
                    platform.keys().getPublic(),
                    c2,
                    target(other, site),
                    d -> CompletableFuture.completedFuture(null),
                    AclMetrics.detached(),
                    Clock.systemUTC());
            assertTrue(importer.reloadIfChanged());
            assertEquals(
                    Outcome.APPLIED,
                    importer.apply(platform.sign(revokeC1(2)), "file").outcome());
        }

        assertTrue(updater.reloadIfChanged());
        assertFalse(updater.reloadIfChanged(), "nothing new the second time");
        assertEquals(Reason.REVOKED, decide(CARD));
    }
}

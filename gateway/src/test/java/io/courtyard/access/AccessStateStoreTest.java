package io.courtyard.access;

import static io.courtyard.access.AccessFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.GatewayStarted;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stateful rules persisted through the journal: rebuilt from the events alone (the projection had
 * not caught up), from the projection alone (retention purged the events), and from both.
 */
@Timeout(60)
class AccessStateStoreTest {
    private static final Instant MON_10 = at("2026-03-02T10:00");

    @TempDir
    Path dir;

    /** Decides a few requests that change state and journals them as the gateway does. */
    private static AccessEngine decideAndJournal(TestJournal j) throws Exception {
        AccessEngine engine = engine();
        Emergencies em = new Emergencies(engine.state(), site(), j.journal()::append, Clock.fixed(MON_10, ZONE));
        String[][] requests = {
            {"east-entry", "plate:京A12345"},
            {"east-entry", "plate:京AD12345"},
            {"east-exit", "plate:京A12345"},
            {"north-gate", "code:483920"},
            {"west-entry", "plate:京B12345"},
            {"turnstile-in", "card:h10301/12/1001"},
            {"north-gate", "card:h10301/12/1001"}
        };
        for (String[] r : requests) {
            Decision d = engine.decide(AccessRequest.of(r[0], CredentialKey.parse(r[1]), MON_10));
            assertTrue(d.granted(), d::toString);
            j.journal().append(AccessEvents.decided(d, MON_10, MON_10)).get(10, TimeUnit.SECONDS);
        }
        em.raise(EmergencyMode.LOCKDOWN, "operator:test");
        em.raise(EmergencyMode.FIRE, "input:fire-panel");
        em.clear(EmergencyMode.FIRE, "input:fire-panel"); // the panel holds it: only its reset clears it
        j.append("gateway", new GatewayStarted("test"));
        return engine;
    }

    private static void assertSameState(AccessState want, AccessState got) {
        assertEquals(want.occupancy("main-lot"), got.occupancy("main-lot"));
        assertEquals(1, got.occupancy("main-lot"));
        assertEquals(1, got.occupancy("visitor-lot"));
        assertEquals(1, got.uses("v1"));
        assertEquals(1, got.uses("v2"));
        assertEquals(StateChange.Position.OUT, got.position("permit:p1", "zone:main-lot"));
        assertEquals(StateChange.Position.IN, got.position("permit:p2", "zone:main-lot"));
        assertEquals(StateChange.Position.IN, got.position("holder:r1", "pair:lobby"));
        assertTrue(got.emergency().lockdown(), "lockdown stays until cleared");
        assertTrue(!got.emergency().fire(), "fire was cleared");
        assertEquals(
                "operator:test",
                got.emergency().active().get(EmergencyMode.LOCKDOWN).source());
    }

    @Test
    void stateIsRebuiltFromJournalEventsTheProjectionHasNotSeen() throws Exception {
        AccessEngine engine;
        try (TestJournal j = TestJournal.open(dir, AccessStateStore.SINK)) {
            engine = decideAndJournal(j);
        }
        try (TestJournal j = TestJournal.open(dir, AccessStateStore.SINK);
                Connection c = j.database().connect()) {
            AccessState rebuilt = new AccessState();

            int replayed = AccessStateStore.load(c, TestJournal.SITE, rebuilt);

            assertEquals(
                    9,
                    replayed,
                    "6 decisions that changed state (the resident at the gate changed none) and 3 emergency changes");
            assertSameState(engine.state(), rebuilt);
        }
    }

    @Test
    void theProjectionAloneRebuildsTheStateAfterRetentionPurgedTheEvents() throws Exception {
        AccessEngine engine;
        try (TestJournal j = TestJournal.open(dir, AccessStateStore.SINK)) {
            engine = decideAndJournal(j);
            JournalProjector projector = new JournalProjector(
                    j.source(AccessStateStore.SINK),
                    j.database(),
                    AccessStateStore.projection(),
                    JournalProjector.Policy.DEFAULT,
                    j.registry());
            projector.start();
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> j.source(AccessStateStore.SINK).pending() == 0);
            projector.stop();
        }
        try (TestJournal j = TestJournal.open(dir, AccessStateStore.SINK);
                Connection c = j.database().connect()) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM events");
            }
            AccessState rebuilt = new AccessState();

            assertEquals(0, AccessStateStore.load(c, TestJournal.SITE, rebuilt), "nothing left to replay");
            assertSameState(engine.state(), rebuilt);
        }
    }

    @Test
    void replayingEventsTheProjectionAlreadyHasChangesNothing() throws Exception {
        AccessEngine engine;
        try (TestJournal j = TestJournal.open(dir, AccessStateStore.SINK)) {
            engine = decideAndJournal(j);
            try (Connection c = j.database().connect()) {
                c.setAutoCommit(false);
                // Projected, but the cursor "lost": it stays at 0 and everything replays.
                List<JournalEvent> all = new ArrayList<>();
                JournalReader.unacknowledged(c, TestJournal.SITE, AccessStateStore.SINK, all::add);
                AccessStateStore.projection().apply(c, all);
                c.commit();
            }
        }
        try (TestJournal j = TestJournal.open(dir, AccessStateStore.SINK);
                Connection c = j.database().connect()) {
            AccessState rebuilt = new AccessState();
            AccessStateStore.load(c, TestJournal.SITE, rebuilt);
            assertSameState(engine.state(), rebuilt);
        }
    }

    @Test
    void theProjectionDecodesEveryTypeThatHasAnEffectAndNoOther() {
        // It passes the rest of the journal over undecoded: a type with an effect left out of
        // READS would never reach the table.
        for (EventType type : EventType.values()) {
            if (type != EventType.UNREADABLE && !AccessStateStore.READS.contains(type)) {
                assertNull(effectOfSample(type), type + " has an effect on the state but is not read");
            }
        }
        for (EventType type : AccessStateStore.READS) {
            assertNotNull(effectOfSample(type), type + " is read for an effect its sample does not have");
        }
    }

    private static AccessStateStore.Effect effectOfSample(EventType type) {
        return AccessStateStore.effect(
                new JournalEvent(1, "test-1", "gate", MON_10, MON_10, SampleEvents.of(type), null));
    }
}

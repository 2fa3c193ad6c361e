package io.courtyard.acl;

import io.courtyard.access.AccessEngine;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessList;
import io.courtyard.access.AccessRequest;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.access.AccessState;
import io.courtyard.access.CredentialKey;
import io.courtyard.access.Reason;
import io.courtyard.access.SiteLayout;
import io.courtyard.config.AclConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.config.PinKey;
import io.courtyard.journal.EventDraft;
import io.courtyard.store.Database;
import io.courtyard.testsupport.AclBundles;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An updater on a real SQLite store in front of a real engine, for tests that apply signed
 * messages and then decide: the fixture compound ({@link AccessFixture}), optionally with a PIN key.
 */
final class UpdaterRig implements AutoCloseable {
    static final String SITE = "fixture-court";

    final AclBundles platform = new AclBundles(SITE);
    final List<EventDraft> events = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SiteLayout site;
    final AccessEngine engine;
    private final Database db;
    private final Connection conn;
    final AclUpdater updater;

    /** @param pinKey the gateway's PIN key, or null without one */
    UpdaterRig(Path dir, PinKey pinKey) throws Exception {
        SiteLayout base = AccessFixture.site();
        site = new SiteLayout(base.timeZone(), base.devices(), base.households(), base.zones(), pinKey);
        engine = new AccessEngine(AccessSnapshot.build(AccessList.EMPTY, site), new AccessState());
        db = new Database(dir, Synchronous.NORMAL);
        db.start();
        conn = db.connect();
        AclMetrics metrics = new AclMetrics();
        metrics.bindTo(registry);
        updater = new AclUpdater(
                SITE,
                new AclConfig(Optional.of(platform.keys().getPublic()), Optional.ofNullable(pinKey)),
                conn,
                AclUpdaterTest.target(engine, site),
                d -> {
                    events.add(d);
                    return CompletableFuture.completedFuture(null);
                },
                metrics,
                Clock.systemUTC());
    }

    AclUpdater.Result apply(com.fasterxml.jackson.databind.node.ObjectNode payload) {
        return updater.apply(platform.sign(payload), "test");
    }

    Reason decide(String card, String device, Instant at, String pin) {
        return engine.decide(new AccessRequest(device, CredentialKey.parse(card), pin, at))
                .reason();
    }

    /** Bodies of the journaled refusals. */
    List<String> refusals() {
        return events.stream()
                .map(EventDraft::body)
                .filter(b -> b.contains("\"refused\""))
                .toList();
    }

    @Override
    public void close() throws Exception {
        conn.close();
        db.stop();
    }
}

package io.courtyard.access;

import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.SettableClock;
import io.courtyard.testsupport.TestJournal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The access service of the fixture compound on a real journal (SQLite in the test's directory),
 * with the fixture list applied. Its commits can be held back (a slow disk: {@link #hold}) or made
 * to fail (a full disk: {@link #failCommits}); reopening the directory is a restart.
 */
final class AccessServiceRig implements AutoCloseable {
    final SettableClock clock;
    final TestJournal journal;
    final AccessService service;
    private final List<CompletableFuture<Void>> held = new CopyOnWriteArrayList<>();
    private volatile boolean holding;

    AccessServiceRig(Path dir, GatewayConfig config, Instant now) throws Exception {
        clock = new SettableClock(now);
        journal = TestJournal.open(dir, clock, AccessStateStore.SINK);
        service = new AccessService(
                config,
                journal.database(),
                this::append,
                journal.source(AccessStateStore.SINK),
                AccessFixture::list,
                new SimpleMeterRegistry(),
                clock);
        service.start();
    }

    AccessServiceRig(Path dir, Instant now) throws Exception {
        this(dir, AccessFixture.config(), now);
    }

    private CompletableFuture<?> append(EventDraft d) {
        if (!holding) {
            return journal.journal().append(d);
        }
        // A commit that has not happened yet: the event reaches the journal when the test lets it.
        CompletableFuture<Void> gate = new CompletableFuture<>();
        held.add(gate);
        return gate.thenCompose(ok -> journal.journal().append(d));
    }

    /** From now on appends wait until {@link #release}. */
    void hold() {
        holding = true;
    }

    void release() {
        holding = false;
        held.forEach(g -> g.complete(null));
        held.clear();
    }

    /** Every commit of the events table fails from now on, as on a full disk, until {@link #repairDisk}. */
    void failCommits() throws Exception {
        try (Connection c = journal.database().connect();
                Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TRIGGER full BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'disk full'); END");
        }
    }

    void repairDisk() throws Exception {
        try (Connection c = journal.database().connect();
                Statement st = c.createStatement()) {
            st.executeUpdate("DROP TRIGGER full");
        }
    }

    /** The durable events of one kind, oldest first: {device, body}. */
    List<String[]> events(EventKind kind) throws Exception {
        List<String[]> out = new ArrayList<>();
        try (Connection c = journal.database().connect();
                PreparedStatement ps =
                        c.prepareStatement("SELECT device, body FROM events WHERE kind = ? ORDER BY seq")) {
            ps.setString(1, kind.topic());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        release();
        service.stop();
        journal.close();
    }
}

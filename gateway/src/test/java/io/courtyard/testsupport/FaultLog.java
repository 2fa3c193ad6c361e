package io.courtyard.testsupport;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.faults.FaultActions;
import io.courtyard.faults.FaultOutbox;
import io.courtyard.faults.FaultProjection;
import io.courtyard.faults.FaultTypes;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.event.Event;
import io.courtyard.usage.UsageProjection;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The fault and usage projections of the demo configuration over a real journal in a test's
 * directory, with the fault outbox journaling derived changes: events go in with the device times a
 * test chooses, {@link #settle()} waits until everything is projected and journaled.
 */
public final class FaultLog implements AutoCloseable {
    public static final Duration POLL = Duration.ofMillis(20);

    private final TestJournal journal;
    private final GatewayConfig config;
    private final JournalProjector faults;
    private final JournalProjector usage;
    private final FaultOutbox outbox;
    private final FaultTypes types;
    private final SettableClock clock;
    private final Connection reader;

    private FaultLog(Path dir, SettableClock clock, boolean withOutbox, long quotaBytes) throws Exception {
        this.clock = clock;
        config = ConfigLoader.load(ProjectFiles.config("demo.yaml"));
        journal = TestJournal.open(
                dir, TestJournal.config(quotaBytes), clock, FaultProjection.SINK, UsageProjection.SINK);
        types = new FaultTypes(config.faults(), config.devices());
        JournalProjector.Policy policy =
                new JournalProjector.Policy(1000, Duration.ofMillis(20), Duration.ofMillis(50), Duration.ofMillis(200));
        faults = new JournalProjector(
                journal.source(FaultProjection.SINK),
                journal.database(),
                new FaultProjection(types, config.site().timeZone()),
                policy,
                journal.registry());
        usage = new JournalProjector(
                journal.source(UsageProjection.SINK),
                journal.database(),
                new UsageProjection(config.site().timeZone()),
                policy,
                journal.registry());
        outbox = withOutbox
                ? new FaultOutbox(journal.database(), TestJournal.SITE, journal.journal()::append, POLL, clock)
                : null;
        faults.start();
        usage.start();
        if (outbox != null) {
            outbox.start();
        }
        reader = journal.database().connect();
    }

    public static FaultLog open(Path dir, SettableClock clock) throws Exception {
        return open(dir, clock, TestJournal.DEFAULT_QUOTA);
    }

    /**
     * With a journal quota of its own: over its quota the journal purges the events every sink
     * has read, the fault changes among them, which a test counting journaled changes must rule
     * out.
     */
    public static FaultLog open(Path dir, SettableClock clock, long quotaBytes) throws Exception {
        return new FaultLog(dir, clock, true, quotaBytes);
    }

    /** The projections alone, without the outbox: a replay of a journal that holds their changes already. */
    public static FaultLog replay(Path dir, long quotaBytes) throws Exception {
        return new FaultLog(dir, new SettableClock(Instant.EPOCH), false, quotaBytes);
    }

    public GatewayConfig config() {
        return config;
    }

    public FaultTypes types() {
        return types;
    }

    public SettableClock clock() {
        return clock;
    }

    public TestJournal journal() {
        return journal;
    }

    public FaultActions actions() {
        return new FaultActions(journal.journal()::append, types, clock);
    }

    /** A reading connection to the state database. */
    public Connection db() {
        return reader;
    }

    /** Journals {@code e} as {@code device}'s, at device time {@code at}. */
    public JournalEvent append(String device, Instant at, Event e) throws Exception {
        return journal.journal().append(new EventDraft(device, at, at, e)).get(10, TimeUnit.SECONDS);
    }

    /** Waits until both projections caught up and the outbox is journaled and projected again. */
    public void settle() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> journal.source(FaultProjection.SINK).pending() == 0
                        && journal.source(UsageProjection.SINK).pending() == 0
                        && count("SELECT COUNT(*) FROM fault_outbox") == 0);
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> journal.source(FaultProjection.SINK).pending() == 0);
    }

    public long count(String sql) throws Exception {
        try (Statement st = reader.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void close() throws Exception {
        reader.close();
        if (outbox != null) {
            outbox.stop();
        }
        faults.stop();
        usage.stop();
        journal.close();
    }
}

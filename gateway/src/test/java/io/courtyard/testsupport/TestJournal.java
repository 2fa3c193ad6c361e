package io.courtyard.testsupport;

import io.courtyard.config.JournalConfig;
import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSource;
import io.courtyard.journal.Journal;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventKind;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A real journal on a real SQLite file in a test's state directory; reopen it to simulate a restart. */
public final class TestJournal implements AutoCloseable {
    public static final String SITE = "test-site";
    public static final long DEFAULT_QUOTA = 64L << 20;

    private final Database db;
    private final Journal journal;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Map<String, EventSource> sources = new LinkedHashMap<>();

    private TestJournal(Path dir, JournalConfig config, Clock clock, List<String> sinks) throws Exception {
        db = new Database(dir, config.synchronous());
        db.start();
        journal = new Journal(db, SITE, config, registry, clock);
        for (String s : sinks) {
            sources.put(s, journal.source(s));
        }
        journal.start();
    }

    public static TestJournal open(Path dir, String... sinks) throws Exception {
        return open(dir, config(DEFAULT_QUOTA), sinks);
    }

    public static TestJournal open(Path dir, JournalConfig config, String... sinks) throws Exception {
        return open(dir, config, Clock.systemUTC(), sinks);
    }

    /**
     * A journal on a test's clock: retention ages events on it, as the gateway's journal does on the
     * gateway's clock (events stamped on a fixture day months ago are not purged as old).
     */
    public static TestJournal open(Path dir, Clock clock, String... sinks) throws Exception {
        return open(dir, config(DEFAULT_QUOTA), clock, sinks);
    }

    public static TestJournal open(Path dir, JournalConfig config, Clock clock, String... sinks) throws Exception {
        return new TestJournal(dir, config, clock, List.of(sinks));
    }

    public static JournalConfig config(long quotaBytes) {
        return new JournalConfig(Synchronous.FULL, 2000, Duration.ofMillis(2), quotaBytes, Duration.ofDays(90));
    }

    public Journal journal() {
        return journal;
    }

    public Database database() {
        return db;
    }

    public SimpleMeterRegistry registry() {
        return registry;
    }

    public EventSource source(String sink) {
        return sources.get(sink);
    }

    /** Appends and waits until durable. */
    public JournalEvent append(String device, Event event) throws Exception {
        return journal.append(EventDraft.at(device, Instant.now(), event)).get(10, TimeUnit.SECONDS);
    }

    /** Appends a sample event published on {@code kind} and waits until durable. */
    public JournalEvent append(EventKind kind, String device) throws Exception {
        return append(device, SampleEvents.of(kind));
    }

    @Override
    public void close() throws Exception {
        journal.stop();
        db.stop();
    }
}

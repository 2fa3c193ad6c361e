package io.courtyard.journal;

import io.courtyard.journal.event.EventKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The journal's meters, declared in one place. Gauges read cached values that the writer
 * refreshes, so a scrape never touches the database (and never blocks an event loop).
 */
final class JournalMetrics {
    private final MeterRegistry registry;
    private final Counter appended;
    private final DistributionSummary batchSize;
    private final Timer commit;
    private final Timer checkpoint;
    private final Timer writerTurn;
    private final AtomicLong walPages = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong usedBytes = new AtomicLong();
    private final AtomicLong diskAlarm = new AtomicLong();
    private final AtomicLong writerRealtime = new AtomicLong();
    private final Map<String, AtomicLong> oldestAgeSeconds = new ConcurrentHashMap<>();

    JournalMetrics(MeterRegistry registry, Journal journal, long quotaBytes) {
        this.registry = registry;
        appended = Counter.builder("courtyard.journal.appended")
                .description("Events made durable")
                .baseUnit("events")
                .register(registry);
        batchSize = DistributionSummary.builder("courtyard.journal.batch.size")
                .description("Events per group commit")
                .baseUnit("events")
                .register(registry);
        commit = Timer.builder("courtyard.journal.commit")
                .description("Time to insert and commit one batch, fsync included")
                .publishPercentileHistogram()
                .register(registry);
        writerTurn = Timer.builder("courtyard.journal.writer.turn")
                .description("The writer's wait for SQLite's write lock while a projection's transaction held it")
                .publishPercentileHistogram()
                .register(registry);
        checkpoint = Timer.builder("courtyard.journal.checkpoint")
                .description("Time of one pass copying the write-ahead log into the database file")
                .register(registry);
        Gauge.builder("courtyard.journal.wal.pages", walPages, AtomicLong::get)
                .description("Pages in the write-ahead log at the last checkpoint pass")
                .register(registry);
        Gauge.builder("courtyard.journal.events", rows, AtomicLong::get)
                .description("Events held in the journal")
                .register(registry);
        Gauge.builder("courtyard.journal.used", usedBytes, AtomicLong::get)
                .description("Bytes of database pages in use")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("courtyard.journal.quota", () -> quotaBytes)
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("courtyard.journal.queue.depth", journal, Journal::queueDepth)
                .description("Appends waiting for the writer")
                .register(registry);
        Gauge.builder("courtyard.journal.deferred", journal, Journal::deferred)
                .description("Decisions and alarms waiting in memory for the disk to accept writes")
                .baseUnit("events")
                .register(registry);
        Gauge.builder("courtyard.journal.writer.realtime", writerRealtime, AtomicLong::get)
                .description("1 while the writer runs under real-time scheduling (SCHED_FIFO), 0 at a nice value")
                .register(registry);
        Gauge.builder("courtyard.journal.disk.alarm", diskAlarm, AtomicLong::get)
                .description("1 while the journal is over quota with nothing purgeable, or writes fail")
                .register(registry);
    }

    void sink(SinkView v) {
        Gauge.builder("courtyard.journal.sink.pending", v, SinkView::pending)
                .description("Events the sink has not had acknowledged")
                .tag("sink", v.sink())
                .register(registry);
        AtomicLong age = oldestAgeSeconds.computeIfAbsent(v.sink(), s -> new AtomicLong());
        Gauge.builder("courtyard.journal.sink.oldest.unsent.age", age, AtomicLong::get)
                .description("Age of the oldest event the sink has not had acknowledged")
                .baseUnit("seconds")
                .tag("sink", v.sink())
                .register(registry);
    }

    void refreshOldest(SinkView v) {
        Instant oldest = v.journal().oldestUnacked(v);
        long age = oldest == null
                ? 0
                : Math.max(
                        0,
                        Duration.between(oldest, v.journal().clock().instant()).toSeconds());
        oldestAgeSeconds.computeIfAbsent(v.sink(), s -> new AtomicLong()).set(age);
    }

    void writerRealtime(boolean realtime) {
        writerRealtime.set(realtime ? 1 : 0);
    }

    void writerWaited(long nanos) {
        writerTurn.record(nanos, TimeUnit.NANOSECONDS);
    }

    void checkpointed(int pages, long nanos) {
        walPages.set(pages);
        checkpoint.record(nanos, TimeUnit.NANOSECONDS);
    }

    void committed(int events, long nanos) {
        if (events > 0) {
            appended.increment(events);
            batchSize.record(events);
            rows.addAndGet(events);
            commit.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void rejected(String reason) {
        registry.counter("courtyard.journal.rejected", "reason", reason).increment();
    }

    void purged(String reason, EventKind kind, int n) {
        if (n > 0) {
            String k = kind == null ? "any" : kind.topic();
            Counter.builder("courtyard.journal.purged")
                    .description("Events removed by retention or quota")
                    .tags("reason", reason.toLowerCase(Locale.ROOT), "kind", k)
                    .register(registry)
                    .increment(n);
            rows.addAndGet(-n);
        }
    }

    void rows(long n) {
        rows.set(n);
    }

    long rows() {
        return rows.get();
    }

    void usedBytes(long bytes) {
        usedBytes.set(bytes);
    }

    void diskAlarm(boolean on) {
        diskAlarm.set(on ? 1 : 0);
    }
}

package io.courtyard.journal;

import io.courtyard.config.JournalConfig;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DiskAlarm;
import io.courtyard.journal.event.EventKind;
import io.courtyard.runtime.Liveness;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable event journal: the single source of truth on the box. Producers append and get a
 * future completed once the event is durable; each sink reads through its own cursor.
 */
public final class Journal implements Service, Liveness {
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    static final int QUEUE_CAPACITY = 200_000;

    private final Database db;
    private final String siteId;
    private final JournalConfig config;
    private final JournalMetrics metrics;
    private final Map<String, SinkView> views = new LinkedHashMap<>();
    private final BlockingQueue<JournalWriter.Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final ReentrantLock signalLock = new ReentrantLock();
    private final Condition newData = signalLock.newCondition();
    private final RecentEvents recent = new RecentEvents();
    private volatile long lastDurableSeq;
    private volatile boolean accepting;
    private volatile LongFunction<String> ids;
    /** False for a tool's journal: it does not know every sink, so it never deletes anything. */
    private final boolean retains;
    /**
     * The gateway's clock: it stamps the events, so retention ages them, the disk alarm is dated and
     * the oldest unforwarded event is timed on it too (a simulated compound's month ages its events).
     */
    private final Clock clock;

    private JournalWriter writer;
    private Thread writerThread;
    private Connection writerConn;
    private Checkpointer checkpointer;
    private Thread checkpointerThread;

    private String quotaAlarm;
    private String ioAlarm;

    public Journal(Database db, String siteId, JournalConfig config, MeterRegistry registry) {
        this(db, siteId, config, registry, Clock.systemUTC());
    }

    /** A gateway's journal on the gateway's {@code clock}. */
    public Journal(Database db, String siteId, JournalConfig config, MeterRegistry registry, Clock clock) {
        this(db, siteId, config, registry, true, clock);
    }

    private Journal(
            Database db, String siteId, JournalConfig config, MeterRegistry registry, boolean retains, Clock clock) {
        this.db = db;
        this.siteId = siteId;
        this.config = config;
        this.retains = retains;
        this.clock = clock;
        this.metrics = new JournalMetrics(registry, this, config.quotaBytes());
    }

    /**
     * A journal for an offline tool ({@code acl import} with the gateway stopped): it appends, and
     * never runs retention or the quota. Only the gateway declares every sink; a tool that purged
     * by the cursors it happens to find would delete events that a sink which never acknowledged
     * anything (and so has no saved cursor) has not forwarded.
     */
    public static Journal forTool(Database db, String siteId, JournalConfig config, MeterRegistry registry) {
        return new Journal(db, siteId, config, registry, false, Clock.systemUTC());
    }

    /** Whether this journal deletes by retention age and quota (the gateway's does, a tool's never). */
    boolean retains() {
        return retains;
    }

    Clock clock() {
        return clock;
    }

    @Override
    public String name() {
        return "journal";
    }

    /** The named sink's view; sinks are declared before {@link #start()} so their cursors load with it. */
    public synchronized EventSource source(String sink) {
        if (writer != null) {
            throw new IllegalStateException("sink " + sink + " must be declared before the journal starts");
        }
        return views.computeIfAbsent(sink, s -> new SinkView(s, this));
    }

    @Override
    public synchronized void start() throws SQLException {
        writerConn = db.connect();
        ids = Epochs.load(writerConn).ids(siteId);
        long last = lastSeq(writerConn);
        lastDurableSeq = last;
        metrics.rows(count(writerConn));
        for (SinkView v : views.values()) {
            v.open(db.connect());
            metrics.sink(v);
        }
        try (Statement st = writerConn.createStatement()) {
            st.execute("PRAGMA wal_autocheckpoint=" + Checkpointer.WRITER_BACKSTOP_PAGES);
        }
        writer = new JournalWriter(this, queue, config, writerConn, db.writeGate(), last);
        writerThread = Threads.named("journal-writer", false).newThread(writer);
        // Every device answer waits for this thread's commit. Where the system grants it (the unit's
        // LimitRTPRIO=1) the writer takes real-time scheduling as it starts (Realtime); where not,
        // under the unit's JVM options (-XX:ThreadPriorityPolicy=1, LimitNICE=-5) the highest Java
        // priority is nice -5; elsewhere it changes nothing.
        writerThread.setPriority(Thread.MAX_PRIORITY);
        checkpointer = new Checkpointer(this, db.connect(), metrics);
        checkpointerThread = Threads.named("journal-checkpoint", true).newThread(checkpointer);
        accepting = true;
        writerThread.start();
        writer.awaitScheduled(Duration.ofSeconds(15));
        checkpointerThread.start();
        log.info(
                "journal open: last seq {}, {} events, sinks {}, synchronous={}",
                last,
                metrics.rows(),
                views.keySet(),
                config.synchronous());
    }

    /**
     * Appends an event; the future completes when it is durable (fails if it could not be made
     * durable). Never blocks: a full queue fails the future at once so a device can retry.
     * Completion runs on the journal writer thread: callers hand real work to their own executor.
     */
    public CompletableFuture<JournalEvent> append(EventDraft draft) {
        CompletableFuture<JournalEvent> f = new CompletableFuture<>();
        if (!accepting) {
            metrics.rejected("stopped");
            f.completeExceptionally(new JournalException("journal is not running"));
        } else if (!queue.offer(new JournalWriter.Pending(draft, f))) {
            metrics.rejected("overloaded");
            f.completeExceptionally(new JournalException("journal queue full (" + QUEUE_CAPACITY + " events)"));
        }
        return f;
    }

    /**
     * Like {@link #append}, for an event nobody can send again (a decision already enforced, an
     * alarm): when the disk refuses the write (full, failing, locked), the event waits in memory,
     * up to {@link JournalWriter#DEFERRED_MAX} of them, and is written ahead of everything newer
     * once writes succeed; its future completes then. A device that can retry gets {@link #append},
     * which fails at once so that the device sends again.
     */
    public CompletableFuture<JournalEvent> appendDeferrable(EventDraft draft) {
        CompletableFuture<JournalEvent> f = new CompletableFuture<>();
        if (!accepting) {
            metrics.rejected("stopped");
            f.completeExceptionally(new JournalException("journal is not running"));
        } else if (!queue.offer(new JournalWriter.Pending(draft, f, true))) {
            metrics.rejected("overloaded");
            f.completeExceptionally(new JournalException("journal queue full (" + QUEUE_CAPACITY + " events)"));
        }
        return f;
    }

    /** Deferrable events waiting in memory for the disk to accept writes. */
    public int deferred() {
        JournalWriter w = writer;
        return w == null ? 0 : w.deferred();
    }

    @Override
    public void stop() throws InterruptedException, SQLException {
        accepting = false;
        if (writer != null) {
            writer.stop();
            writerThread.join(TimeUnit.SECONDS.toMillis(2));
            checkpointer.stop();
            checkpointerThread.join(TimeUnit.SECONDS.toMillis(2));
            checkpointer.close();
        }
        for (SinkView v : views.values()) {
            v.close();
        }
        if (writerConn != null) {
            writerConn.close();
        }
        log.info("journal closed at seq {}", lastDurableSeq);
    }

    /**
     * For the watchdog: why the writer is not making progress (its thread died, or it has been in
     * one batch longer than {@code limit}, with where it is stuck), or empty while it works or waits.
     */
    @Override
    public synchronized Optional<String> stalled(Duration limit) {
        if (writer == null || !accepting) {
            return Optional.empty();
        }
        if (!writerThread.isAlive()) {
            return Optional.of("journal writer thread has died; appends fail until a restart");
        }
        long busy = writer.busyNanos(System.nanoTime());
        if (busy <= limit.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "journal writer busy with one batch for %.1f s%s",
                busy / 1e9,
                where(writerThread.getStackTrace())));
    }

    /** Where a thread is: its innermost frame, then the first few frames of code outside the JDK. */
    private static String where(StackTraceElement[] stack) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        boolean skipped = false;
        for (int i = 0; i < stack.length && shown < 5; i++) {
            StackTraceElement f = stack[i];
            boolean jdk =
                    f.getClassName().startsWith("java.") || f.getClassName().startsWith("jdk.");
            if (i > 0 && jdk) {
                skipped = true;
                continue;
            }
            String cls = f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1);
            b.append(i == 0 ? " in " : skipped ? " ... " : " < ")
                    .append(cls)
                    .append('.')
                    .append(f.getMethodName())
                    .append(':')
                    .append(f.getLineNumber());
            skipped = false;
            shown++;
        }
        return b.toString();
    }

    public long lastDurableSeq() {
        return lastDurableSeq;
    }

    public int queueDepth() {
        return queue.size();
    }

    /** The disk alarm's reason, or null when the journal is healthy. */
    public synchronized String diskAlarm() {
        return ioAlarm != null ? ioAlarm : quotaAlarm;
    }

    /** The globally unique id of the event with this seq: {@code {siteId}-{instance}-{seq}}. */
    String eventId(long seq) {
        return ids.apply(seq);
    }

    void awaitBeyond(long seq, long nanos) throws InterruptedException {
        signalLock.lock();
        try {
            if (lastDurableSeq <= seq) {
                newData.awaitNanos(nanos);
            }
        } finally {
            signalLock.unlock();
        }
    }

    /**
     * A commit of {@code events} (their futures not completed yet), through {@code lastSeq}: a
     * reader asking from now on finds them; one already waiting is woken by {@link #wakeReaders()}.
     */
    void committed(long lastSeq, List<JournalEvent> events, long nanos) {
        int n = events.size();
        if (n > 0) {
            recent.committed(events);
            recent.release(releasable(lastSeq));
            views.values().forEach(v -> v.appended(n));
            lastDurableSeq = lastSeq;
        }
        metrics.committed(n, nanos);
    }

    /**
     * Wakes the readers waiting in {@link #awaitBeyond}, after the writer has completed a commit's
     * futures: the devices' answers leave first, the uplink and the projections follow.
     */
    void wakeReaders() {
        signalLock.lock();
        try {
            newData.signalAll();
        } finally {
            signalLock.unlock();
        }
    }

    /** Whether the writer thread got real-time scheduling as it started. */
    void writerRealtime(boolean realtime) {
        metrics.writerRealtime(realtime);
    }

    /** The writer waited {@code nanos} at the write gate for a projection's transaction to end. */
    void writerWaited(long nanos) {
        metrics.writerWaited(nanos);
    }

    /**
     * How far the events in memory may be let go: up to where the slowest reader within their
     * reach has got. A reader further behind than memory holds (an uplink through an outage and
     * its drain) reads the table until it is close again, so it holds nothing here; counting it,
     * every event stayed the full 2,048 (a tenth of a second at 20,000 events/s), lived through
     * young collections and was promoted: a full collection every few seconds while the broker
     * was down and one a second while the backlog drained.
     */
    private long releasable(long lastSeq) {
        long reach = lastSeq - RecentEvents.CAPACITY;
        long min = lastSeq;
        for (SinkView v : views.values()) {
            long at = v.handedUpTo();
            if (at >= reach) {
                min = Math.min(min, at);
            }
        }
        return min;
    }

    /** A committed event still held in memory, or null: see {@link RecentEvents}. */
    JournalEvent recent(long seq) {
        return recent.get(seq);
    }

    void persistCursors(Connection c) throws SQLException {
        for (SinkView v : views.values()) {
            v.persist(c);
        }
    }

    boolean cursorsDirty() {
        return views.values().stream().anyMatch(SinkView::dirty);
    }

    void cursorsNotPersisted() {
        views.values().forEach(SinkView::markDirty);
    }

    /**
     * Highest seq that every declared sink has acknowledged. Without a declared sink nothing counts
     * as forwarded: the saved cursors alone cannot tell, since a sink that never acknowledged
     * anything has none.
     */
    long forwardedThrough() {
        return views.values().stream().mapToLong(SinkView::ackedThrough).min().orElse(0);
    }

    void purgedBeforeDelivery(List<Long> seqs) {
        for (SinkView v : views.values()) {
            seqs.forEach(v::purged);
        }
    }

    void purged(String reason, EventKind kind, int n) {
        metrics.purged(reason, kind, n);
    }

    void refreshStats(long usedBytes) {
        metrics.usedBytes(usedBytes);
        views.values().forEach(metrics::refreshOldest);
    }

    /** Age of the oldest event this sink has not acknowledged, or null when it is caught up. */
    Instant oldestUnacked(SinkView v) {
        long from = v.ackedThrough();
        if (from >= lastDurableSeq) {
            return null;
        }
        try (Statement st = writerConn.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT received_us FROM events WHERE seq > " + from + " ORDER BY seq LIMIT 1")) {
            return rs.next() ? Rows.instant(rs.getLong(1)) : null;
        } catch (SQLException e) {
            return null;
        }
    }

    void quotaExceeded(boolean exceeded, long usedBytes) {
        alarm(
                exceeded
                        ? "journal over quota: " + usedBytes + " of " + config.quotaBytes()
                                + " bytes, only events that may not be purged remain"
                        : null,
                true);
    }

    void diskTrouble(boolean failing, String detail) {
        alarm(failing ? "journal writes failing: " + detail : null, false);
    }

    private void alarm(String reason, boolean quota) {
        String before;
        String after;
        synchronized (this) {
            before = diskAlarm();
            if (quota) {
                quotaAlarm = reason;
            } else {
                ioAlarm = reason;
            }
            after = diskAlarm();
            // Inside the lock: whoever sees the alarm through diskAlarm() also sees it in the gauge.
            metrics.diskAlarm(after != null);
        }
        if ((before == null) == (after == null)) {
            return;
        }
        if (after != null) {
            log.error("DISK ALARM raised: {}; access decisions continue", after);
        } else {
            log.info("disk alarm cleared");
        }
        // Deferrable: the raise of a full-disk alarm cannot be written while the disk is full; it is
        // written, with its own time, ahead of the clearing once space returns.
        appendDeferrable(EventDraft.at("gateway", clock.instant(), new DiskAlarm(AlarmState.of(after != null), after)));
    }

    static long lastSeq(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT MAX(CAST(value AS INTEGER)) FROM (SELECT value FROM meta WHERE key = "
                                + "'journal.last_seq' UNION ALL SELECT MAX(seq) FROM events)")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}

package io.courtyard.command;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import io.courtyard.uplink.UpstreamSubscriber;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signed remote commands from the platform: {@code {prefix}/{siteId}/cmd}, and the old emergency
 * topic {@code {prefix}/{siteId}/command} until the platform sends its first sequenced command.
 * Each message is verified, admitted ({@link Admission}), accepted durably, carried out by the
 * handler a room registered, and its result journaled and published on
 * {@code {prefix}/{siteId}/cmd/result}, in that order and one command at a time, on one worker
 * thread.
 *
 * <p>Acknowledgement (QoS 1): a refused message is acknowledged once refused (a poison message
 * never comes back); a valid command once it is accepted, its sequence and nonce on disk. One the
 * gateway could not make durable (the state database refused its acceptance, or the gateway stopped
 * first) stays unacknowledged, so the broker delivers it again after a reconnection or a restart,
 * and it runs then if still valid. See {@link CommandRunner} for why not later.
 */
public final class CommandService implements Service {
    public static final String TOPIC = "cmd";
    public static final String RESULT_TOPIC = "cmd/result";
    /** The emergency topic of releases before the command room; see {@link Admission#LEGACY_CLOSED}. */
    public static final String LEGACY_TOPIC = "command";
    /** What a command's signature covers first: the access-list key never signs one for the other. */
    public static final String DOMAIN = "courtyard-command-v2";
    /** The old emergency topic's domain. */
    public static final String LEGACY_DOMAIN = "courtyard-command-v1";
    /** A command is a few hundred bytes; anything much larger is refused unread. */
    public static final int MAX_BYTES = 4096;
    /** A command lives at most this long: bounds the nonces kept and how long a captured one could be used. */
    public static final Duration MAX_VALIDITY = Duration.ofMinutes(10);
    /** How far an issue time may lead the gateway's time: the platform's clock may run a little ahead. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(2);
    /** Commands waiting for the worker; one more is refused {@code busy}. */
    static final int QUEUE = 16;

    static final String BUSY = "busy";
    static final String OVERSIZE = "oversize";

    /** Waits and retries; shorter in tests. */
    record Timing(Duration retryFirst, Duration retryMax, Duration handlerWait, Duration recordWait, Duration tick) {
        static final Timing DEFAULTS = new Timing(
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1));
    }

    private static final Logger log = LoggerFactory.getLogger(CommandService.class);

    private final String siteId;
    private final SignatureCheck signatures;
    private final CommandHandlers handlers;
    private final Database db;
    private final Function<EventDraft, CompletableFuture<JournalEvent>> journal;
    private final UpstreamSubscriber upstream;
    private final TrustedTime time;
    private final Timing timing;
    private final CommandMetrics metrics = new CommandMetrics();
    private final CommandReports reports = new CommandReports();
    /**
     * The worker's queue holds commands and the room's own small tasks (maintenance, results the
     * broker acknowledged); only commands count against {@link #QUEUE}, and maintenance is queued once.
     */
    private ThreadPoolExecutor worker;

    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean maintenanceQueued = new AtomicBoolean();
    private ScheduledExecutorService timer;
    private CommandLedger ledger;
    private CommandRunner runner;

    /**
     * @param journal the journal's append: results are journaled before they are published
     * @param listIssuedAt the issue time of the access list in force, a floor of the trusted time
     */
    public CommandService(
            UpstreamSubscriber upstream,
            String siteId,
            SignatureCheck signatures,
            CommandHandlers handlers,
            Database db,
            Function<EventDraft, CompletableFuture<JournalEvent>> journal,
            Supplier<Instant> listIssuedAt,
            MeterRegistry registry,
            Clock clock) {
        this(upstream, siteId, signatures, handlers, db, journal, listIssuedAt, registry, clock, Timing.DEFAULTS);
    }

    CommandService(
            UpstreamSubscriber upstream,
            String siteId,
            SignatureCheck signatures,
            CommandHandlers handlers,
            Database db,
            Function<EventDraft, CompletableFuture<JournalEvent>> journal,
            Supplier<Instant> listIssuedAt,
            MeterRegistry registry,
            Clock clock,
            Timing timing) {
        this.upstream = upstream;
        this.siteId = siteId;
        this.signatures = signatures;
        this.handlers = handlers;
        this.db = db;
        this.journal = journal;
        this.time = new TrustedTime(clock, listIssuedAt);
        this.timing = timing;
        metrics.bindTo(registry);
        // Subscribed at construction: the connection, started after us, learns the topics and their limit.
        upstream.subscribe(TOPIC, MAX_BYTES, handler(false));
        upstream.subscribe(LEGACY_TOPIC, MAX_BYTES, handler(true));
        upstream.onConnected(this::connected);
    }

    @Override
    public String name() {
        return "commands";
    }

    @Override
    public synchronized void start() throws SQLException {
        ledger = new CommandLedger(db.connect());
        metrics.sequence(ledger.floor().seq());
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("commands-timer", true));
        worker = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), Threads.named("commands", true));
        runner = new CommandRunner(
                ledger,
                new Admission(siteId, ledger, time, handlers),
                signatures,
                new Results(journal, upstream, timer),
                reports,
                time,
                metrics,
                timing,
                worker);
        // First in the queue: what the last run left unfinished is reported before anything new runs.
        worker.execute(runner::interruptedBeforeStart);
        timer.scheduleWithFixedDelay(
                () -> onWorker(runner::maintain),
                timing.tick().toMillis(),
                timing.tick().toMillis(),
                TimeUnit.MILLISECONDS);
        log.info(
                "remote commands on {} (and the emergency topic {}): last sequence {}, handled: {}",
                TOPIC,
                ledger.floor().seq() > 0 ? "closed" : "open",
                ledger.floor().seq(),
                handlers.types().stream().map(CommandType::wire).toList());
    }

    private UpstreamSubscriber.Handler handler(boolean legacy) {
        return new UpstreamSubscriber.Handler() {
            @Override
            public CompletionStage<?> message(byte[] payload) {
                return arrived(payload, legacy);
            }

            @Override
            public void oversize(long bytes) {
                refusedUnread(OVERSIZE, bytes + " bytes, over " + MAX_BYTES);
            }
        };
    }

    /** On the client's thread: queued for the worker; the future completes when the broker may forget it. */
    private CompletableFuture<Void> arrived(byte[] payload, boolean legacy) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        ThreadPoolExecutor w = worker;
        if (w == null || w.isShutdown()) {
            // Not running: left with the broker, which delivers it again to the next run.
            return ack;
        }
        Instant received = time.wall();
        if (waiting.incrementAndGet() > QUEUE) {
            waiting.decrementAndGet();
            refusedUnread(BUSY, QUEUE + " commands already waiting");
            ack.complete(null);
            return ack;
        }
        try {
            w.execute(() -> {
                waiting.decrementAndGet();
                runner.process(payload, legacy, received, ack);
            });
        } catch (RejectedExecutionException stopping) {
            waiting.decrementAndGet();
        }
        return ack;
    }

    /** Queues the maintenance unless it is queued already (the worker may be waiting on a retry). */
    private void maintain() {
        if (maintenanceQueued.compareAndSet(false, true)) {
            onWorker(() -> {
                maintenanceQueued.set(false);
                runner.maintain();
            });
        }
    }

    /** A message refused before it was read: counted, reported within the budget. */
    private void refusedUnread(String reason, String detail) {
        CommandRunner r = runner;
        if (r != null) {
            r.refused(new Refusal(reason, detail, false), null, time.wall());
        }
    }

    /** After every (re)connection: results the broker never acknowledged go out again. */
    private void connected() {
        onWorker(() -> runner.republish());
    }

    private void onWorker(Runnable task) {
        ThreadPoolExecutor w = worker;
        if (w == null) {
            return;
        }
        try {
            w.execute(task);
        } catch (RejectedExecutionException stopping) {
            log.debug("commands: stopping, {} not run", task);
        }
    }

    @Override
    public synchronized void stop() throws Exception {
        if (worker != null) {
            // Interrupts a command waiting on a retry: it stays unacknowledged and comes again.
            worker.shutdownNow();
            worker.awaitTermination(2, TimeUnit.SECONDS);
        }
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(1, TimeUnit.SECONDS);
        }
        if (ledger != null) {
            ledger.close();
        }
    }
}

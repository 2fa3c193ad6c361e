package io.courtyard.acl;

import io.courtyard.command.CommandHandlers;
import io.courtyard.command.CommandType;
import io.courtyard.command.Outcome;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.uplink.UpstreamSubscriber;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives signed access-list messages on {@code {prefix}/{siteId}/acl} and hands them, in
 * arrival order, to the {@link AclUpdater} on its own thread; asks for a snapshot on
 * {@code {prefix}/{siteId}/acl/request} after a gap, and on connecting while it has no list.
 */
public final class AclSync implements Service {
    public static final String TOPIC = "acl";
    public static final String REQUEST_TOPIC = "acl/request";
    /**
     * At most one snapshot request this often while none is answered: deltas that keep arriving
     * during a gap must not flood upstream. Any applied message resets it.
     */
    static final Duration REQUEST_INTERVAL = Duration.ofSeconds(10);
    /**
     * Messages waiting to be applied; beyond it the newest is dropped. The broker already has its
     * PUBACK, so nothing redelivers it: a snapshot request recovers what it carried.
     */
    static final int QUEUE = 64;
    /**
     * Bytes of unverified payload held at most, waiting or being applied: one message at the cap
     * and a little for small deltas behind it. Applying a message takes several times its size
     * (see {@link SignedBundle#MAX_BYTES}), so a second large one is dropped (and a snapshot
     * requested) rather than held: a flood of large messages cannot exhaust the heap.
     */
    static final long QUEUE_BYTES = SignedBundle.MAX_BYTES + (1L << 20);
    /** An oversize or dropped message is logged at most this often (each one is counted). */
    static final Duration OVERSIZE_LOG = Duration.ofMinutes(1);
    /** First wait before a message the store refused is tried again; doubles up to {@link #STORE_RETRY_MAX}. */
    static final Duration STORE_RETRY = Duration.ofSeconds(1);

    static final Duration STORE_RETRY_MAX = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(AclSync.class);

    private final UpstreamSubscriber upstream;
    private final java.util.function.Supplier<AclUpdater> updater;
    private final String siteId;
    private final Clock clock;
    private ThreadPoolExecutor worker;
    /** Owns the timed work: retries of a refused store, snapshot requests held back by the rate limit. */
    private ScheduledExecutorService timer;

    private Instant lastRequest = Instant.EPOCH;
    /** Why a snapshot is owed (a message was lost or not applied); null when none is. Guarded by this. */
    private String owed;

    private boolean owedScheduled;

    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private Instant lastOversizeLog = Instant.EPOCH;
    private long oversizeUnlogged;
    private Instant lastDropLog = Instant.EPOCH;
    private long dropsUnlogged;

    /** @param updater the updater, which exists once the {@link AclService} started */
    public AclSync(
            UpstreamSubscriber upstream, java.util.function.Supplier<AclUpdater> updater, String siteId, Clock clock) {
        this.upstream = upstream;
        this.updater = updater;
        this.siteId = siteId;
        this.clock = clock;
        // Subscribed at construction, so that the connection (started after us) knows the topic and its limit.
        upstream.subscribe(TOPIC, SignedBundle.MAX_BYTES, UpstreamSubscriber.Handler.of(this::arrived, this::oversize));
        upstream.onConnected(this::connected);
    }

    @Override
    public String name() {
        return "acl-sync";
    }

    /** Registers the platform's resync command: a snapshot request at once, whatever the rate limit. */
    public void registerCommands(CommandHandlers handlers) {
        handlers.register(CommandType.ACL_RESYNC, c -> CompletableFuture.completedFuture(resync()));
    }

    private Outcome resync() {
        long have = updater.get().currentVersion();
        synchronized (this) {
            // The limit holds back deltas arriving in a gap; a signed command is no such flood.
            lastRequest = Instant.EPOCH;
            if (request("command", 0)) {
                return Outcome.done("snapshot requested; version " + have + " in force");
            }
        }
        owe("command");
        return Outcome.failed(
                "not-connected", "no connection to publish the snapshot request on; it goes out on the next one");
    }

    @Override
    public synchronized void start() {
        worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE),
                Threads.named("acl-sync", true),
                (r, ex) -> {
                    if (r instanceof Queued q) {
                        queuedBytes.addAndGet(-q.bytes());
                    }
                    dropped();
                });
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("acl-sync-timer", true));
    }

    private void arrived(byte[] payload) {
        ThreadPoolExecutor w = worker;
        if (w == null) {
            return;
        }
        if (payload.length > SignedBundle.MAX_BYTES) {
            oversize(payload.length);
            return;
        }
        if (queuedBytes.addAndGet(payload.length) > QUEUE_BYTES) {
            queuedBytes.addAndGet(-payload.length);
            dropped();
            return;
        }
        w.execute(new Queued(payload.length, () -> {
            try {
                handle(payload, STORE_RETRY);
            } finally {
                queuedBytes.addAndGet(-payload.length);
            }
        }));
    }

    /** Too big to be a list: refused unread (the connection never read it whole), reported at most once a minute. */
    private void oversize(long bytes) {
        updater.get().oversize(bytes, "mqtt");
        Instant now = clock.instant();
        long skipped;
        synchronized (this) {
            if (now.isBefore(lastOversizeLog.plus(OVERSIZE_LOG))) {
                oversizeUnlogged++;
                return;
            }
            lastOversizeLog = now;
            skipped = oversizeUnlogged;
            oversizeUnlogged = 0;
        }
        log.error(
                "acl sync: dropped a message of {} bytes, over {} ({} more since the last report)",
                bytes,
                SignedBundle.MAX_BYTES,
                skipped);
    }

    /** Runs on the MQTT client's thread (or the timer's): counts, logs and owes a snapshot. */
    private void dropped() {
        updater.get().dropped("queue-full");
        Instant now = clock.instant();
        long skipped;
        synchronized (this) {
            // Logged once a minute at most, like every refusal: a flood must not flood the log.
            if (now.isBefore(lastDropLog.plus(OVERSIZE_LOG))) {
                dropsUnlogged++;
                skipped = -1;
            } else {
                lastDropLog = now;
                skipped = dropsUnlogged;
                dropsUnlogged = 0;
            }
        }
        if (skipped >= 0) {
            log.error(
                    "acl sync: busy ({} messages or {} bytes waiting), dropped the newest ({} more since the last"
                            + " report); requesting a snapshot",
                    QUEUE,
                    QUEUE_BYTES,
                    skipped);
        }
        owe("lost");
    }

    private void handle(byte[] payload, Duration retryIn) {
        AclUpdater.Result r;
        try {
            r = updater.get().apply(payload, "mqtt");
        } catch (RuntimeException e) {
            // The updater turns every bad input into a refusal; this is a bug, not a message to retry.
            log.error("acl sync: message not applied, requesting a snapshot", e);
            owe("error");
            return;
        }
        if (r.outcome() == AclUpdater.Outcome.APPLIED) {
            // No longer waiting for an answer: the next gap deserves a request at once.
            synchronized (this) {
                lastRequest = Instant.EPOCH;
            }
            payOwed();
        }
        if (r.refusal() == null) {
            return;
        }
        switch (r.refusal()) {
            case GAP -> request("gap", r.message() == null ? 0 : r.message().version());
            case CONFLICT -> owe("conflict");
            case STORE -> {
                owe("store");
                retryStore(payload, retryIn);
            }
            default -> {}
        }
    }

    /**
     * The store refused a message (disk full, locked, I/O): try it again later, for as long as it
     * keeps failing for that reason; a newer list applied meanwhile turns the retry into a replay.
     */
    private void retryStore(byte[] payload, Duration wait) {
        Duration next = wait.multipliedBy(2).compareTo(STORE_RETRY_MAX) > 0 ? STORE_RETRY_MAX : wait.multipliedBy(2);
        log.warn("acl sync: message not stored; trying again in {} ms", wait.toMillis());
        schedule(
                () -> {
                    ThreadPoolExecutor w = worker;
                    if (w != null && !w.isShutdown()) {
                        w.execute(() -> handle(payload, next));
                    }
                },
                wait);
    }

    private void schedule(Runnable r, Duration in) {
        try {
            timer.schedule(r, in.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            log.debug("acl sync: stopping, not scheduled");
        }
    }

    /** A message was lost or not applied: a snapshot is owed until a request for it goes out. */
    synchronized void owe(String reason) {
        if (owed == null) {
            owed = reason;
        }
        payOwed();
    }

    private synchronized void payOwed() {
        if (owed == null) {
            return;
        }
        if (request(owed, 0)) {
            owed = null;
        } else if (!owedScheduled) {
            // Held back by the rate limit or no connection: try again, a loss must not be forgotten.
            owedScheduled = true;
            schedule(
                    () -> {
                        synchronized (this) {
                            owedScheduled = false;
                        }
                        payOwed();
                    },
                    REQUEST_INTERVAL);
        }
    }

    private void connected() {
        ThreadPoolExecutor w = worker;
        if (w != null) {
            w.execute(() -> {
                updater.get().reloadIfChanged();
                if (updater.get().currentVersion() == 0) {
                    request("no-list", 0);
                }
                payOwed();
            });
        }
    }

    /**
     * Publishes a snapshot request unless one went out less than {@link #REQUEST_INTERVAL} ago;
     * true when one was published.
     */
    synchronized boolean request(String reason, long wanted) {
        Instant now = clock.instant();
        if (now.isBefore(lastRequest.plus(REQUEST_INTERVAL))) {
            return false;
        }
        long have = updater.get().currentVersion();
        String body = "{\"site\":\"" + siteId + "\",\"have\":" + have + ",\"wanted\":" + wanted + ",\"reason\":\""
                + reason + "\",\"ts\":\"" + now + "\"}";
        if (upstream.publish(REQUEST_TOPIC, body.getBytes(StandardCharsets.UTF_8))) {
            lastRequest = now;
            // Every request asks for the same snapshot: whatever was owed is asked for now.
            owed = null;
            updater.get().snapshotRequested();
            log.info("acl sync: snapshot requested ({}; have version {}, saw {})", reason, have, wanted);
            return true;
        }
        return false;
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (worker != null) {
            worker.shutdown();
            if (!worker.awaitTermination(2, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        }
    }

    /** A queued message, so that a rejected one gives its bytes back. */
    private record Queued(int bytes, Runnable work) implements Runnable {
        @Override
        public void run() {
            work.run();
        }
    }
}

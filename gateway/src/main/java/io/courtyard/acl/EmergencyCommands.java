package io.courtyard.acl;

import io.courtyard.access.Emergencies;
import io.courtyard.access.EmergencyMode;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.CommandRefused;
import io.courtyard.journal.event.EventKind;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import io.courtyard.uplink.UpstreamSubscriber;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emergency modes raised or cleared by the platform: signed commands on
 * {@code {prefix}/{siteId}/command}, verified with the access-list key under their own signing
 * domain ({@link SignedBundle#COMMAND}), each carrying a nonce and a short expiry. A nonce is
 * remembered (in {@code access_state}, so also across a restart) until its command expires, which
 * makes every command usable once. Refusals are counted, logged and journaled like the access
 * list's.
 *
 * <p>Payload: {@code {"type":"emergency","site":ID,"mode":"fire"|"lockdown","action":"raise"|"clear",
 * "nonce":TEXT,"issuedAt":INSTANT,"expiresAt":INSTANT}} with at most {@link #MAX_VALIDITY} between
 * the two instants.
 */
public final class EmergencyCommands implements Service {
    public static final String TOPIC = "command";
    /** A command lives at most this long: bounds the nonces kept and a captured command's use. */
    public static final Duration MAX_VALIDITY = Duration.ofMinutes(10);
    /** Clock difference tolerated on issuedAt: a command from further ahead would outlive MAX_VALIDITY. */
    static final Duration MAX_SKEW = Duration.ofMinutes(2);
    /** A command is a few hundred bytes; anything much larger is refused before it takes a slot. */
    static final int MAX_BYTES = 4096;
    /** Commands waiting; beyond it the newest is dropped (counted, logged at ERROR). */
    static final int QUEUE = 16;
    /** One refusal event per reason this often, carrying how many were suppressed meanwhile. */
    static final Duration REPORT_INTERVAL = Duration.ofMinutes(1);
    /** First wait before a command the store could not record is tried again; doubles up to a minute. */
    static final Duration STORE_RETRY = Duration.ofSeconds(1);
    /** How long a command waits for its change to be durable before it is retried. */
    static final Duration RECORD_WAIT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(EmergencyCommands.class);

    private final String siteId;
    private final PublicKey key;
    private final Database db;
    private final Supplier<Emergencies> emergencies;
    private final EventSink events;
    private final Clock clock;
    private final MeterRegistry registry;
    private ThreadPoolExecutor worker;
    /** Retries of commands whose nonce could not be recorded. */
    private ScheduledExecutorService timer;

    private Connection conn;
    private final Map<String, Instant> lastReported = new HashMap<>();
    private final Map<String, Integer> suppressed = new HashMap<>();

    public EmergencyCommands(
            UpstreamSubscriber upstream,
            String siteId,
            PublicKey key,
            Database db,
            Supplier<Emergencies> emergencies,
            EventSink events,
            MeterRegistry registry,
            Clock clock) {
        this.siteId = siteId;
        this.key = key;
        this.db = db;
        this.emergencies = emergencies;
        this.events = events;
        this.registry = registry;
        this.clock = clock;
        upstream.subscribe(TOPIC, MAX_BYTES, UpstreamSubscriber.Handler.of(this::arrived, this::oversize));
    }

    @Override
    public String name() {
        return "emergency-commands";
    }

    @Override
    public synchronized void start() throws SQLException {
        conn = db.connect();
        worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(QUEUE),
                Threads.named("emergency-commands", true),
                (r, ex) -> dropped("queue-full"));
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named("emergency-commands-timer", true));
    }

    private void arrived(byte[] payload) {
        ThreadPoolExecutor w = worker;
        if (w == null) {
            return;
        }
        if (payload.length > MAX_BYTES) {
            oversize(payload.length);
            return;
        }
        w.execute(() -> handle(payload, STORE_RETRY));
    }

    /**
     * Too big to be a command: refused unread (the connection never read it whole), counted, and
     * journaled and logged like every refusal, at most once a minute.
     */
    private void oversize(long bytes) {
        droppedCounter("oversize").increment();
        ThreadPoolExecutor w = worker;
        if (w != null) {
            w.execute(() -> refusedUnread(bytes));
        }
    }

    private synchronized void refusedUnread(long bytes) {
        refused("oversize", "oversize: " + bytes + " bytes, over " + MAX_BYTES, false, clock.instant());
    }

    private Counter droppedCounter(String reason) {
        return Counter.builder("courtyard.access.commands.dropped")
                .description("Emergency commands dropped before verification, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    /**
     * A command that never reached verification; the broker already has its PUBACK, so the
     * platform must learn it from here (metric, ERROR log) and send it again.
     */
    private void dropped(String reason) {
        droppedCounter(reason).increment();
        log.error("emergency command dropped unread ({}); it was not executed", reason);
    }

    /** Verifies and executes one command; returns null when done, else why it was refused. */
    synchronized String handle(byte[] bytes, Duration retryIn) {
        Instant now = clock.instant();
        String refusal;
        boolean alarm = false;
        boolean retrying = false;
        try {
            SignedBundle b = SignedBundle.parse(bytes, SignedBundle.COMMAND);
            if (!b.verify(key)) {
                alarm = true;
                refusal = "bad-signature";
            } else {
                refusal = execute(new JsonFields(b.payload(), "payload"), now);
                alarm = "replay".equals(refusal) || "wrong-site".equals(refusal);
            }
        } catch (AclFormatException | IllegalArgumentException e) {
            refusal = "malformed: " + e.getMessage();
        } catch (RuntimeException e) {
            // No input may escape as an exception: the refusal would go unrecorded and the worker die.
            refusal = "malformed: unreadable: " + e;
        } catch (SQLException e) {
            // Not a verdict on the command: try it again (until it expires) rather than refuse it.
            Duration next = retryIn.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0
                    ? Duration.ofMinutes(1)
                    : retryIn.multipliedBy(2);
            log.error("emergency command not recorded ({}); trying again in {} ms", e.toString(), retryIn.toMillis());
            try {
                timer.schedule(
                        () -> {
                            ThreadPoolExecutor w = worker;
                            if (w != null && !w.isShutdown()) {
                                w.execute(() -> handle(bytes, next));
                            }
                        },
                        retryIn.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                log.debug("emergency commands: stopping, no retry");
            }
            retrying = true;
            refusal = "store: " + e.getMessage();
        }
        String tag = refusal == null ? "none" : refusal.split(":")[0];
        count(refusal == null ? "executed" : retrying ? "retrying" : "refused", tag);
        if (refusal != null && !retrying) {
            refused(tag, refusal, alarm, now);
        }
        return refusal;
    }

    private void count(String result, String reason) {
        Counter.builder("courtyard.access.commands")
                .description("Signed emergency commands from upstream by result and refusal reason")
                .tag("result", result)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /**
     * Journals and logs a refusal, at most once per reason per {@link #REPORT_INTERVAL}: forged
     * floods must fill neither the journal nor the log.
     */
    private void refused(String tag, String refusal, boolean alarm, Instant now) {
        Instant last = lastReported.get(tag);
        if (last != null && now.isBefore(last.plus(REPORT_INTERVAL))) {
            suppressed.merge(tag, 1, Integer::sum);
            log.debug("emergency command refused ({})", LogText.safe(refusal));
            return;
        }
        lastReported.put(tag, now);
        Integer skipped = suppressed.remove(tag);
        int before = skipped == null ? 0 : skipped;
        log.warn(
                "emergency command refused ({}){}",
                LogText.safe(refusal),
                before == 0 ? "" : "; " + before + " more refused for this reason since the last report");
        events.append(EventDraft.at(
                "gateway", now, new CommandRefused(alarm ? EventKind.ALARM : EventKind.DEVICE, tag, before)));
    }

    private String execute(JsonFields f, Instant now) throws SQLException {
        if (!"emergency".equals(f.text("type"))) {
            return "malformed: type must be emergency";
        }
        String site = f.text("site");
        EmergencyMode mode = EmergencyMode.of(f.text("mode"));
        String action = f.text("action");
        String nonce = f.id("nonce");
        Instant issued = f.instant("issuedAt");
        Instant expires = f.instant("expiresAt");
        f.finish();
        if (issued == null
                || expires == null
                || Duration.between(issued, expires).compareTo(MAX_VALIDITY) > 0) {
            return "malformed: issuedAt and expiresAt at most " + MAX_VALIDITY.toMinutes() + " minutes apart";
        }
        if (!siteId.equals(site)) {
            return "wrong-site";
        }
        if (!now.isBefore(expires)) {
            return "expired";
        }
        if (issued.isAfter(now.plus(MAX_SKEW))) {
            return "not-yet-valid";
        }
        if (!remember(nonce, expires, now)) {
            return "replay";
        }
        String source = "upstream:" + nonce;
        CompletableFuture<Boolean> change =
                switch (action) {
                    case "raise" -> emergencies.get().raise(mode, source);
                    case "clear" -> emergencies.get().clear(mode, source);
                    default -> throw new IllegalArgumentException("action must be raise or clear, found " + action);
                };
        boolean changed;
        try {
            // Done means durable: a crash before the commit would forget the change on restart.
            changed = change.get(RECORD_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // In force in memory, not on disk: the nonce is forgotten so that the retry below runs the
            // command again, which records the change again.
            forget(nonce);
            throw new SQLException("the " + mode.tag() + " " + action + " is in force but not journaled: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            forget(nonce);
            throw new SQLException("interrupted while journaling the " + mode.tag() + " " + action, e);
        }
        log.info(
                "emergency command: {} {} from upstream ({})",
                action,
                mode.tag(),
                changed ? "done" : "already " + (action.equals("raise") ? "raised" : "clear"));
        return null;
    }

    private void forget(String nonce) throws SQLException {
        try (PreparedStatement del = conn.prepareStatement("DELETE FROM access_state WHERE key = ?")) {
            del.setString(1, "nonce|" + nonce);
            del.executeUpdate();
        }
    }

    /** Records the nonce until its command expires; false when it was seen before. */
    private boolean remember(String nonce, Instant expires, Instant now) throws SQLException {
        try (PreparedStatement purge = conn.prepareStatement(
                "DELETE FROM access_state WHERE key LIKE 'nonce|%' AND CAST(value AS INTEGER) < ?")) {
            purge.setLong(1, now.toEpochMilli());
            purge.executeUpdate();
        }
        try (PreparedStatement seen = conn.prepareStatement("SELECT 1 FROM access_state WHERE key = ?")) {
            seen.setString(1, "nonce|" + nonce);
            try (ResultSet rs = seen.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        try (PreparedStatement ins = conn.prepareStatement("INSERT INTO access_state(key, value) VALUES (?, ?)")) {
            ins.setString(1, "nonce|" + nonce);
            ins.setString(2, Long.toString(expires.toEpochMilli()));
            ins.executeUpdate();
        }
        return true;
    }

    @Override
    public synchronized void stop() throws Exception {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (worker != null) {
            worker.shutdown();
            worker.awaitTermination(2, TimeUnit.SECONDS);
        }
        if (conn != null) {
            conn.close();
        }
    }
}

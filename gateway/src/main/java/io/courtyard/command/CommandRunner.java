package io.courtyard.command;

import io.courtyard.journal.JournalEvent;
import io.courtyard.runtime.ExponentialBackoff;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One message's way through the command room, on the worker thread: verify, admit, accept durably
 * (then the broker may forget it), run the handler, record the outcome durably, publish it. A step
 * the state database or the journal refused is tried again after a backoff while the command is
 * valid (acceptance, a handler's {@link Outcome#NOT_RECORDED}) or for as long as the gateway runs
 * (the outcome of a command that ran); the worker waits meanwhile, so that commands keep their
 * order.
 *
 * <p>Why the acknowledgement follows acceptance, not the outcome: acknowledgements go in arrival
 * order, and some brokers (HiveMQ) send nothing more on the connection while one is owed, so a
 * command held until its outcome would hold back the access lists behind it for as long as a
 * handler takes. Once accepted, a command is the gateway's: it runs, or after a restart it is
 * reported {@code interrupted} ({@link #interruptedBeforeStart}).
 */
final class CommandRunner {
    private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);
    static final String INTERRUPTED = "interrupted";

    private final CommandLedger ledger;
    private final Admission admission;
    private final Results results;
    private final TrustedTime time;
    private final CommandMetrics metrics;
    private final CommandService.Timing timing;
    private final SignatureCheck signatures;
    private final CommandReports reports;
    /** The worker: the one thread that touches the ledger. */
    private final java.util.concurrent.Executor owner;

    CommandRunner(
            CommandLedger ledger,
            Admission admission,
            SignatureCheck signatures,
            Results results,
            CommandReports reports,
            TrustedTime time,
            CommandMetrics metrics,
            CommandService.Timing timing,
            java.util.concurrent.Executor owner) {
        this.owner = owner;
        this.ledger = ledger;
        this.admission = admission;
        this.signatures = signatures;
        this.results = results;
        this.reports = reports;
        this.time = time;
        this.metrics = metrics;
        this.timing = timing;
    }

    void process(byte[] payload, boolean legacy, Instant received, CompletableFuture<Void> ack) {
        CommandParser.Envelope e = null;
        Admission.Admitted a;
        try {
            e = CommandParser.envelope(
                    signatures.open(payload, legacy ? CommandService.LEGACY_DOMAIN : CommandService.DOMAIN), legacy);
            a = admitDurably(e);
        } catch (Refusal r) {
            refused(r, e, received);
            ack.complete(null);
            return;
        } catch (RuntimeException ex) {
            // No input may escape as an exception: the refusal would go unreported and the worker stop.
            refused(new Refusal(SignatureCheck.MALFORMED, "unreadable: " + ex, e != null), e, received);
            ack.complete(null);
            return;
        }
        if (a == null) {
            return; // stopping: left with the broker
        }
        run(a, received, ack);
    }

    /** Admission, tried again while the state database cannot be read; null when the worker is stopping. */
    private Admission.Admitted admitDurably(CommandParser.Envelope e) throws Refusal {
        ExponentialBackoff backoff = backoff();
        while (true) {
            try {
                return admission.admit(e);
            } catch (SQLException ex) {
                if (!retry("admit", e.nonce(), e.expiresAt(), ex, backoff)) {
                    return null;
                }
            }
        }
    }

    private void run(Admission.Admitted a, Instant received, CompletableFuture<Void> ack) {
        Command c = a.command();
        if (!acceptDurably(a, received, ack)) {
            return;
        }
        ack.complete(null);
        metrics.sequence(ledger.floor().seq());
        Outcome o = execute(a);
        if (o == null) {
            return;
        }
        record(CommandEvents.Result.of(c, o, received));
    }

    private boolean acceptDurably(Admission.Admitted a, Instant received, CompletableFuture<Void> ack) {
        Command c = a.command();
        ExponentialBackoff backoff = backoff();
        while (true) {
            try {
                ledger.accept(c, a.digest());
                return true;
            } catch (SQLException ex) {
                if (!time.now(ledger.floor().issuedAt()).isBefore(c.expiresAt())) {
                    // Never accepted, so never run: the platform learns it, and the broker may forget it.
                    Outcome o = Outcome.failed(
                            Outcome.NOT_RECORDED, "expired while the state database refused it: " + ex.getMessage());
                    metrics.counted(o, c.type());
                    results.report(CommandEvents.Result.of(c, o, received), time.wall());
                    ack.complete(null);
                    return false;
                }
                if (!retry("accept", c.nonce(), c.expiresAt(), ex, backoff)) {
                    return false;
                }
            }
        }
    }

    /** Runs the handler, again while its effect is in force but not durable; null when stopping. */
    private Outcome execute(Admission.Admitted a) {
        Command c = a.command();
        ExponentialBackoff backoff = backoff();
        while (true) {
            Outcome o = call(a.handler(), c);
            if (o == null || !o.notRecorded()) {
                return o;
            }
            if (!time.now(ledger.floor().issuedAt()).isBefore(c.expiresAt())
                    || !retry("execute", c.nonce(), c.expiresAt(), new SQLException(o.detail()), backoff)) {
                return Thread.currentThread().isInterrupted() ? null : o;
            }
        }
    }

    private Outcome call(CommandHandler h, Command c) {
        CompletableFuture<Outcome> f;
        try {
            f = h.handle(c);
        } catch (RuntimeException e) {
            log.error("command {} {}: its handler failed", c.type().wire(), c.nonce(), e);
            return Outcome.failed("error", "the handler failed: " + e);
        }
        try {
            Outcome o = f.get(timing.handlerWait().toMillis(), TimeUnit.MILLISECONDS);
            return o != null ? o : Outcome.failed("error", "the handler gave no outcome");
        } catch (TimeoutException e) {
            return Outcome.failed(
                    "timeout",
                    "no outcome within " + timing.handlerWait().toSeconds() + " s; it may still take effect");
        } catch (ExecutionException e) {
            return Outcome.failed("error", "the handler failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Journals the outcome, records it in the ledger, then publishes the result; both durable steps
     * are tried again for as long as the gateway runs.
     */
    private void record(CommandEvents.Result r) {
        String nonce = r.nonce();
        ExponentialBackoff backoff = backoff();
        JournalEvent event = null;
        Instant at = time.wall();
        while (true) {
            try {
                if (event == null) {
                    event = results.journal(r, at).get(timing.recordWait().toMillis(), TimeUnit.MILLISECONDS);
                }
                byte[] payload = results.payload(event);
                ledger.finish(nonce, r.outcome(), Results.text(payload));
                metrics.counted(r.outcome(), r.type());
                logOutcome(r);
                results.publish(payload, ok -> reported(nonce));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException | SQLException e) {
                Exception cause = e instanceof ExecutionException ee && ee.getCause() instanceof Exception x ? x : e;
                if (!retry("record", nonce, null, cause, backoff)) {
                    return;
                }
            }
        }
    }

    private static void logOutcome(CommandEvents.Result r) {
        Outcome o = r.outcome();
        String what = (r.type() == null ? "command" : r.type().wire()) + (r.target() == null ? "" : " " + r.target());
        if (o.done()) {
            log.info("{} (seq {}, nonce {}) done: {}", what, r.seq(), r.nonce(), o.detail());
        } else {
            log.warn(
                    "{} (seq {}, nonce {}) {} ({}): {}",
                    what,
                    r.seq(),
                    r.nonce(),
                    o.status().wire(),
                    o.reason(),
                    o.detail());
        }
    }

    /** Counts a refusal and reports it within the budget; safe from any thread. */
    void refused(Refusal r, CommandParser.Envelope e, Instant received) {
        CommandType type = e == null ? null : CommandType.of(e.type());
        Outcome o = Outcome.refused(r.reason(), r.getMessage());
        metrics.counted(o, type);
        Instant now = time.wall();
        int before = reports.permit(r.reason(), r.verified(), now);
        if (before < 0) {
            log.debug("command refused ({}): {}", r.reason(), CommandParser.printable(r.getMessage()));
            return;
        }
        log.warn(
                "command refused ({}): {}{}",
                r.reason(),
                r.getMessage(),
                before == 0 ? "" : "; " + before + " more refused for this reason since the last report");
        String target = e == null || type == null || type.target() == null ? null : target(e, type);
        results.report(
                new CommandEvents.Result(
                        type,
                        e == null ? null : e.nonce(),
                        e == null ? 0 : e.seq(),
                        target,
                        e == null ? null : e.issuedAt(),
                        o,
                        before,
                        received),
                now);
    }

    /** The target a refused command named, when it is a well-formed id (it becomes the event's device). */
    private static String target(CommandParser.Envelope e, CommandType type) {
        var v = e.payload().get(type.target());
        return v != null && v.isTextual() && Arg.ID.matcher(v.textValue()).matches() ? v.textValue() : null;
    }

    /** After a (re)connection: results the broker never acknowledged. */
    void republish() {
        try {
            for (CommandLedger.Unreported u : ledger.unreported(100)) {
                results.publish(
                        u.result().getBytes(java.nio.charset.StandardCharsets.UTF_8), ok -> reported(u.nonce()));
            }
        } catch (SQLException e) {
            log.warn("command results not republished: {}", e.toString());
        }
    }

    /** The broker has a result: noted by the worker, which owns the ledger. */
    private void reported(String nonce) {
        try {
            owner.execute(() -> {
                try {
                    ledger.reported(nonce);
                } catch (SQLException e) {
                    log.debug(
                            "command {}: result acknowledged, not noted ({}); published again later",
                            nonce,
                            e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            log.debug("command {}: result acknowledged, not noted (stopping); published again later", nonce);
        }
    }

    /**
     * At start, before any new message: commands accepted before the restart that never got an
     * outcome. They are not run again (the broker has forgotten them, and an opening half an hour
     * late lets in whoever stands there then); they are reported {@code interrupted}, and the
     * platform decides whether to send them again.
     */
    void interruptedBeforeStart() {
        try {
            for (CommandLedger.Entry e : ledger.accepted()) {
                Outcome o = Outcome.failed(
                        INTERRUPTED, "the gateway stopped while running it; whether it took effect is unknown");
                record(new CommandEvents.Result(
                        CommandType.of(e.type()), e.nonce(), e.seq(), e.target(), null, o, 0, time.wall()));
            }
        } catch (SQLException e) {
            log.warn("commands: interrupted commands not reported: {}", e.toString());
        }
    }

    /** Every tick: forgets the ledger rows no redelivery can concern any more. */
    void maintain() {
        try {
            int purged = ledger.purge(time.now(ledger.floor().issuedAt()));
            if (purged > 0) {
                log.debug("commands: {} old ledger rows forgotten", purged);
            }
        } catch (SQLException e) {
            log.warn("commands: ledger maintenance failed: {}", e.toString());
        }
    }

    /** Logs, counts and sleeps before another attempt; false when the worker is stopping. */
    private boolean retry(String step, String nonce, Instant expires, Exception cause, ExponentialBackoff backoff) {
        Duration d = backoff.next();
        metrics.retried(step);
        log.error(
                "command {}: {} not durable ({}); trying again in {} ms{}",
                nonce,
                step,
                cause.getMessage(),
                d.toMillis(),
                expires == null ? "" : " (until it expires at " + expires + ")");
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ExponentialBackoff backoff() {
        return new ExponentialBackoff(timing.retryFirst(), timing.retryMax());
    }
}

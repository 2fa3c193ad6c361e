package io.courtyard.device.lpr;

import io.courtyard.access.AccessService;
import io.courtyard.access.Actuation;
import io.courtyard.access.Decision;
import io.courtyard.access.PlateRequest;
import io.courtyard.access.StateChange;
import io.courtyard.device.lpr.push.Answer;
import io.courtyard.device.lpr.push.PlateRead;
import io.courtyard.journal.EventSink;
import io.courtyard.runtime.LogLimiter;
import io.netty.util.Timeout;
import io.netty.util.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides a camera's read and answers it once the read is recorded. The decision is made in memory
 * at once; its one event goes to the journal; the answer waits for that event to be durable, so a
 * crash never opens a barrier without a record. A live read whose event is not durable shortly
 * before the camera's timeout is answered shut (the grant is taken back and that is journaled
 * too), unless its barrier opens on fault; a read the journal refuses is answered "not recorded",
 * so the camera keeps it and sends it again. A repeated push of a read gets the first one's answer.
 */
final class BarrierDesk {
    private static final Logger log = LoggerFactory.getLogger(BarrierDesk.class);
    /**
     * A repeat of an opened read within this time is the camera retrying because it missed the
     * answer: it gets "open" again. Later, the car is long gone: a repeat opens nothing.
     */
    static final Duration REOPEN_WINDOW = Duration.ofSeconds(30);
    /** A camera's clock within this of the gateway's is trusted for a live read's time. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    private final PlateDecider access;
    private final EventSink events;
    private final PushLedger ledger;
    private final LprMetrics metrics;
    private final Timer timer;
    private final BiConsumer<Camera, String> opener;
    private final ImageStore images;
    private final Clock clock;
    private final LogLimiter conflictLog = new LogLimiter(Duration.ofSeconds(10));
    private final LogLimiter withheldLog = new LogLimiter(Duration.ofSeconds(10));

    /**
     * @param opener opens a barrier the camera itself does not open from the answer (Hikvision),
     *     called once per opened read after its answer is settled
     */
    BarrierDesk(
            PlateDecider access,
            EventSink events,
            PushLedger ledger,
            LprMetrics metrics,
            Timer timer,
            BiConsumer<Camera, String> opener,
            ImageStore images,
            Clock clock) {
        this.access = access;
        this.events = events;
        this.ledger = ledger;
        this.metrics = metrics;
        this.timer = timer;
        this.opener = opener;
        this.images = images;
        this.clock = clock;
    }

    /**
     * Decides {@code read} from {@code cam} (or finds its earlier answer); the future completes with
     * the answer to send, on the journal's or the timer's thread: callers hop to their own.
     *
     * @param receivedNanos when the whole request had arrived, on {@link System#nanoTime()}
     */
    CompletableFuture<Answer> push(Camera cam, PlateRead read, Instant receivedAt, long receivedNanos) {
        String key = read.key(cam.serial());
        PushLedger.Claim claim = ledger.claim(key, read.fingerprint(), receivedNanos);
        if (!claim.first()) {
            return repeated(cam, read, key, claim.entry());
        }
        PushLedger.Entry entry = claim.entry();
        Instant at = trustedTime(read, receivedAt);
        AccessService.RecordedRead rec;
        try {
            rec = access.decide(
                    new PlateRequest(cam.barrier(), read.plate(), read.confidence(), at, read.replay()),
                    d -> LprEvents.plateRead(
                            cam,
                            read,
                            key,
                            d,
                            at,
                            receivedAt,
                            d.decision().actuation() instanceof Actuation.RaiseBarrier));
        } catch (RuntimeException e) {
            ledger.forget(key, entry);
            throw e;
        }
        Decision d = rec.decision().decision();
        boolean open = d.actuation() instanceof Actuation.RaiseBarrier;
        CompletableFuture<Answer> answer = entry.answer();
        // Whoever claims it first answers: the commit, the deadline or the journal's refusal, never two.
        AtomicBoolean claimed = new AtomicBoolean();
        // Replays wait for the journal however long it takes: the camera keeps the record until answered.
        Timeout deadline = read.replay()
                ? null
                : timer.newTimeout(
                        t -> {
                            if (claimed.compareAndSet(false, true)) {
                                timedOut(cam, key, answer, d, open, at);
                            }
                        },
                        Math.max(0, deadlineNanos(cam, receivedNanos) - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
        rec.durable().whenComplete((ok, err) -> {
            if (deadline != null) {
                deadline.cancel();
            }
            if (err != null) {
                ledger.forget(key, entry);
            }
            if (!claimed.compareAndSet(false, true)) {
                return; // answered at the deadline; a grant was taken back then
            }
            if (err == null) {
                settle(cam, key, answer, open ? Answer.open(d.reason()) : Answer.shut(d.reason(), read.replay()));
                // Once per recorded read: a repeated push brings the same pictures again.
                images.keep(cam, key, at, read.images());
            } else {
                journalFailed(cam, key, answer, d, open, at, read.replay());
            }
        });
        return answer;
    }

    private CompletableFuture<Answer> repeated(Camera cam, PlateRead read, String key, PushLedger.Entry earlier) {
        if (!ledger.sameRead(earlier, read)) {
            metrics.duplicate("conflicting");
            long suppressed = conflictLog.permit();
            if (suppressed >= 0) {
                log.warn(
                        "{}: camera {} pushed {} again with another plate or confidence: answered shut, not journaled{}",
                        cam.barrier(),
                        cam.serial(),
                        key,
                        suppressed > 0 ? " (" + suppressed + " more since the last line)" : "");
            }
            return CompletableFuture.completedFuture(Answer.shut(null, read.replay()));
        }
        long arrived = System.nanoTime();
        return earlier.answer().thenApply(a -> {
            if (a.kind() == Answer.Kind.NOT_RECORDED) {
                return a;
            }
            if (read.replay()) {
                // Sent again as an offline record: it is recorded, so the camera may drop it; never opens now.
                metrics.duplicate("repeated");
                return Answer.shut(a.reason(), true);
            }
            if (a.opens() && arrived - earlier.receivedNanos() > REOPEN_WINDOW.toNanos()) {
                metrics.duplicate("stale");
                return Answer.shut(a.reason(), false);
            }
            metrics.duplicate("repeated");
            return a;
        });
    }

    /** Called once per push, by whoever claimed it: the opener first, so the barrier moves by the time the camera hears. */
    private void settle(Camera cam, String key, CompletableFuture<Answer> answer, Answer a) {
        if (a.opens()) {
            opener.accept(cam, key);
        }
        if (answer.complete(a)) {
            metrics.answered(cam.config().vendor(), a);
        }
    }

    /**
     * The camera's time is out: shut unless the barrier opens on fault. A grant is taken back (and
     * that journaled) before the camera hears the answer, so its next read finds the car outside.
     */
    private void timedOut(
            Camera cam, String key, CompletableFuture<Answer> answer, Decision d, boolean open, Instant at) {
        if (open && cam.openOnFault()) {
            metrics.withheld("open-on-fault");
            settle(cam, key, answer, Answer.open(d.reason()));
            return;
        }
        if (open) {
            takeBack(cam, key, d, at, "journal-timeout");
        }
        settle(cam, key, answer, Answer.shut(d.reason(), false));
    }

    /** The journal refused the event: nothing is recorded, the camera must send the read again. */
    private void journalFailed(
            Camera cam,
            String key,
            CompletableFuture<Answer> answer,
            Decision d,
            boolean open,
            Instant at,
            boolean replay) {
        if (open && cam.openOnFault()) {
            metrics.withheld("open-on-fault");
            settle(cam, key, answer, Answer.open(d.reason()));
            return;
        }
        if (d.change() != null) {
            takeBack(cam, key, d, at, "journal-failed");
        }
        settle(cam, key, answer, Answer.notRecorded(replay));
    }

    private void takeBack(Camera cam, String key, Decision d, Instant at, String cause) {
        StateChange undo = access.takeBack(d, at);
        metrics.withheld(cause);
        long suppressed = withheldLog.permit();
        if (suppressed >= 0) {
            log.error(
                    "{}: read {} granted but its event was not durable in time ({}): barrier kept shut{}",
                    cam.barrier(),
                    key,
                    cause,
                    suppressed > 0 ? " (" + suppressed + " more since the last line)" : "");
        }
        events.append(LprEvents.withheld(cam, key, cause, undo, at, clock.instant()));
    }

    /**
     * The answer must be written before the camera gives up: a fifth of its timeout (at most 200 ms)
     * is left for writing it and for the network.
     */
    static long deadlineNanos(Camera cam, long receivedNanos) {
        long within = cam.config().answerWithin().toNanos();
        return receivedNanos
                + within
                - Math.min(within / 5, Duration.ofMillis(200).toNanos());
    }

    /**
     * A live read's time is the camera's when its clock agrees with ours within
     * {@link #CLOCK_TOLERANCE}, else ours; a replay keeps the camera's time unless it lies in the future.
     */
    Instant trustedTime(PlateRead read, Instant receivedAt) {
        Instant c = read.cameraTime();
        if (c == null) {
            return receivedAt;
        }
        boolean future = c.isAfter(receivedAt.plus(CLOCK_TOLERANCE));
        boolean trusted = read.replay() ? !future : !future && !c.isBefore(receivedAt.minus(CLOCK_TOLERANCE));
        if (!trusted) {
            metrics.clockUntrusted();
            return receivedAt;
        }
        return c;
    }
}

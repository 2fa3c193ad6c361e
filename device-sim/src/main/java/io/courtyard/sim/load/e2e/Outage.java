package io.courtyard.sim.load.e2e;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The upstream outage of a run, on a thread of its own: at {@code at} the broker is stopped, after
 * {@code length} started again and the platform's subscriber reconnected; then it waits for the
 * backlog (everything journaled up to the restart) to reach the subscriber and reports the drain.
 */
final class Outage implements Runnable {
    /**
     * What the outage measured: the gateway's reconnect after the broker came back (its backoff),
     * and the drain from that reconnect until the subscriber held every event journaled up to the
     * restart; NaN when that did not happen by the end.
     */
    record Result(
            long stoppedAtSeq,
            long backlogAtRestart,
            long restartSeq,
            double reconnectSeconds,
            double drainSeconds,
            String error) {
        double drainRate() {
            return drainSeconds > 0 ? backlogAtRestart / drainSeconds : Double.NaN;
        }
    }

    private final UpstreamBroker broker;
    private final UpstreamChecker checker;
    private final JournalFile journal;
    private final long startNanos;
    private final Duration at;
    private final Duration length;
    private final Duration drainLimit;
    private volatile Result result;

    Outage(
            UpstreamBroker broker,
            UpstreamChecker checker,
            JournalFile journal,
            long startNanos,
            Duration at,
            Duration length,
            Duration drainLimit) {
        this.broker = broker;
        this.checker = checker;
        this.journal = journal;
        this.startNanos = startNanos;
        this.at = at;
        this.length = length;
        this.drainLimit = drainLimit;
    }

    @Override
    public void run() {
        long stoppedAt = 0;
        long restartSeq = 0;
        long backlog = 0;
        try {
            sleepUntil(startNanos + at.toNanos());
            stoppedAt = journal.lastSeq();
            broker.stop();
            sleepUntil(startNanos + at.toNanos() + length.toNanos());
            broker.start();
            long restarted = System.nanoTime();
            checker.ledger().newEpoch();
            checker.reconnect(drainLimit);
            restartSeq = journal.lastSeq();
            backlog = restartSeq - checker.ledger().counts().contiguousThrough();
            long target = restartSeq;
            // The status "online" the gateway publishes on connecting, as the subscriber receives it.
            boolean reconnected = UpstreamChecker.await(() -> checker.lastOnline() - restarted > 0, drainLimit);
            long online = checker.lastOnline();
            boolean drained = reconnected
                    && UpstreamChecker.await(() -> checker.ledger().counts().contiguousThrough() >= target, drainLimit);
            result = new Result(
                    stoppedAt,
                    backlog,
                    restartSeq,
                    reconnected ? (online - restarted) / 1e9 : Double.NaN,
                    drained ? (System.nanoTime() - online) / 1e9 : Double.NaN,
                    drained ? "" : "not drained within " + drainLimit.toSeconds() + " s");
        } catch (Exception e) {
            result = new Result(stoppedAt, backlog, restartSeq, Double.NaN, Double.NaN, e.toString());
        }
    }

    private static void sleepUntil(long nanos) {
        for (long left = nanos - System.nanoTime(); left > 0; left = nanos - System.nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** Null until the outage is over and its backlog drained (or failed to). */
    Result result() {
        return result;
    }
}

package io.courtyard.sim.load.e2e;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * What the platform's subscriber has seen of one site's journal: each event's {@code seq} once
 * (gaps), a second sighting of a {@code seq} as a duplicate, and whether the duplicate is
 * explained. The gateway resends everything unacknowledged after any reconnect (README "Delivery"),
 * so a duplicate whose previous copy arrived before the latest broker restart or uplink reconnect
 * is explained (one resend per reconnect); another copy inside the same epoch is not. Thread-safe.
 */
public final class DeliveryLedger {
    /** Where the ledger stands: distinct events, duplicates, and the lowest seq not yet seen. */
    public record Counts(long distinct, long explainedDuplicates, long unexplainedDuplicates, long contiguousThrough) {}

    /** A seq that arrived more than once within one connection epoch, kept for the report (the first few). */
    public record Duplicate(long seq, String id, int epoch) {}

    private static final int KEPT = 20;

    private final BitSet seen = new BitSet();
    /** The epoch in which each seq was last seen, for the seqs seen; epochs fit a byte for any sane run. */
    private final ByteArray lastEpoch = new ByteArray();

    private final List<Duplicate> unexplained = new ArrayList<>();
    private long distinct;
    private long explained;
    private long unexplainedCount;
    private long contiguous;
    private int epoch;

    /**
     * A new connection epoch begins: the broker restarted or the uplink reconnected, after which
     * the gateway may resend what it had in flight.
     */
    public synchronized void newEpoch() {
        epoch++;
    }

    public synchronized int epoch() {
        return epoch;
    }

    /** An event arrived; false when its seq was already seen (a duplicate). */
    public synchronized boolean record(long seq, String id) {
        if (seq < 1 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("seq out of range: " + seq + " (id " + id + ")");
        }
        int s = (int) seq;
        byte now = (byte) Math.min(epoch, 127);
        if (seen.get(s)) {
            // One resend per reconnect is explained; a further copy in the same epoch is not.
            if (lastEpoch.get(s) < now) {
                lastEpoch.set(s, now);
                explained++;
            } else {
                unexplainedCount++;
                if (unexplained.size() < KEPT) {
                    unexplained.add(new Duplicate(seq, id, epoch));
                }
            }
            return false;
        }
        seen.set(s);
        lastEpoch.set(s, now);
        distinct++;
        while (seen.get((int) contiguous + 1)) {
            contiguous++;
        }
        return true;
    }

    public synchronized Counts counts() {
        return new Counts(distinct, explained, unexplainedCount, contiguous);
    }

    /** Seqs in 1..{@code through} never seen, as ranges "a-b", at most {@code limit} of them. */
    public synchronized List<String> gaps(long through, int limit) {
        List<String> out = new ArrayList<>();
        int from = seen.nextClearBit(1);
        while (from <= through && out.size() < limit) {
            int to = Math.min((int) through, seen.nextSetBit(from) < 0 ? (int) through : seen.nextSetBit(from) - 1);
            out.add(from == to ? Integer.toString(from) : from + "-" + to);
            from = seen.nextClearBit(to + 1);
        }
        return out;
    }

    /** How many seqs in 1..{@code through} were never seen. */
    public synchronized long missing(long through) {
        if (through < 1) {
            return 0;
        }
        return through - seen.get(1, (int) through + 1).cardinality();
    }

    /** Whether {@code seq} arrived. */
    public synchronized boolean has(long seq) {
        return seq >= 1 && seq <= Integer.MAX_VALUE && seen.get((int) seq);
    }

    public synchronized List<Duplicate> unexplained() {
        return List.copyOf(unexplained);
    }

    /** A growable byte array indexed by seq. */
    private static final class ByteArray {
        private byte[] a = new byte[1 << 16];

        byte get(int i) {
            return i < a.length ? a[i] : 0;
        }

        void set(int i, byte v) {
            if (i >= a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, i + 1));
            }
            a[i] = v;
        }
    }
}

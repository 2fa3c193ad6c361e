package io.courtyard.device.lpr;

import io.courtyard.device.lpr.push.Answer;

/**
 * The push ledger's reads as flat arrays: a ring in claim order, whose oldest slot goes first, and an
 * open-addressed index (linear probing) by the key's 128-bit digest. No read is an object of its
 * own: the ledger keeps up to 100,000 reads for a week, and as map entries, strings and futures they
 * were about 280 bytes each that every young collection copied until they were old enough to be
 * promoted, and the old generation then grew by. Not thread-safe: the ledger locks.
 */
final class LedgerSlots {
    static final int NONE = -1;

    private final int capacity;
    private final long[] key1;
    private final long[] key2;
    private final long[] fingerprint;
    private final long[] received;
    /** Which claim holds the slot, so a stale handle on it is told apart; 0: nobody (dropped). */
    private final long[] stamp;

    private final boolean[] masked;
    /** Null while the read's answer is not known yet. */
    private final Answer[] answer;
    /** Slot + 1 of each live slot at its probe position; 0 is an empty position. */
    private final int[] index;

    private final int mask;
    private int head;
    private int used;
    private int live;
    private long nextStamp = 1;

    LedgerSlots(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("ledger capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        key1 = new long[capacity];
        key2 = new long[capacity];
        fingerprint = new long[capacity];
        received = new long[capacity];
        stamp = new long[capacity];
        masked = new boolean[capacity];
        answer = new Answer[capacity];
        // At most half full, so a probe stays short.
        index = new int[Integer.highestOneBit(capacity * 2 - 1) << 1];
        mask = index.length - 1;
    }

    /** The live slot holding key digest {@code k1, k2}, or {@link #NONE}. */
    int find(long k1, long k2) {
        for (int pos = home(k1); index[pos] != 0; pos = (pos + 1) & mask) {
            int s = index[pos] - 1;
            if (key1[s] == k1 && key2[s] == k2) {
                return s;
            }
        }
        return NONE;
    }

    /** Takes the next slot for a read (dropping the oldest when all are used); {@code a} null while pending. */
    int add(long k1, long k2, long fp, boolean isMasked, long receivedNanos, Answer a) {
        if (used == capacity) {
            drop(head);
        }
        int s = (head + used) % capacity;
        used++;
        live++;
        key1[s] = k1;
        key2[s] = k2;
        fingerprint[s] = fp;
        masked[s] = isMasked;
        received[s] = receivedNanos;
        answer[s] = a;
        stamp[s] = nextStamp++;
        int pos = home(k1);
        while (index[pos] != 0) {
            pos = (pos + 1) & mask;
        }
        index[pos] = s + 1;
        return s;
    }

    /**
     * Drops a live slot; the ring passes over it once it is the oldest. The oldest slot is always
     * a live one (every drop passes over those already dropped), so dropping it moves the ring on.
     */
    void drop(int s) {
        if (stamp[s] == 0) {
            return;
        }
        unindex(s);
        stamp[s] = 0;
        answer[s] = null;
        live--;
        skipDropped();
    }

    /** Drops the oldest slots while they are older than {@code maxAgeNanos} at {@code nowNanos}. */
    void dropOlderThan(long maxAgeNanos, long nowNanos) {
        while (used > 0 && nowNanos - received[head] > maxAgeNanos) {
            drop(head);
        }
    }

    boolean holds(int s, long claimStamp) {
        return claimStamp != 0 && stamp[s] == claimStamp;
    }

    long stamp(int s) {
        return stamp[s];
    }

    long fingerprint(int s) {
        return fingerprint[s];
    }

    boolean masked(int s) {
        return masked[s];
    }

    long received(int s) {
        return received[s];
    }

    Answer answer(int s) {
        return answer[s];
    }

    void answer(int s, Answer a) {
        answer[s] = a;
    }

    int live() {
        return live;
    }

    private void skipDropped() {
        while (used > 0 && stamp[head] == 0) {
            head = (head + 1) % capacity;
            used--;
        }
    }

    private int home(long k1) {
        return (int) k1 & mask;
    }

    /** Removes slot {@code s} from the index, shifting back the entries its position held up (no tombstones). */
    private void unindex(int s) {
        int hole = home(key1[s]);
        while (index[hole] != s + 1) {
            hole = (hole + 1) & mask;
        }
        for (int j = (hole + 1) & mask; index[j] != 0; j = (j + 1) & mask) {
            int h = home(key1[index[j] - 1]);
            // An entry stays when its home lies cyclically in (hole, j]: moving it would hide it.
            boolean stays = hole <= j ? hole < h && h <= j : hole < h || h <= j;
            if (!stays) {
                index[hole] = index[j];
                hole = j;
            }
        }
        index[hole] = 0;
    }
}

package io.courtyard.journal;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of sequence numbers kept as closed ranges: acks that arrive out of order, or seqs
 * purged before delivery, cost one entry per gap rather than one per event.
 */
final class SeqRanges {
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    void add(long seq) {
        add(seq, seq);
    }

    void add(long from, long to) {
        Map.Entry<Long, Long> below = ranges.floorEntry(from);
        if (below != null && below.getValue() >= from - 1) {
            from = below.getKey();
            to = Math.max(to, below.getValue());
        }
        Map.Entry<Long, Long> next = ranges.higherEntry(from);
        while (next != null && next.getKey() <= to + 1) {
            to = Math.max(to, next.getValue());
            ranges.remove(next.getKey());
            next = ranges.higherEntry(from);
        }
        ranges.put(from, to);
    }

    boolean contains(long seq) {
        if (ranges.isEmpty()) {
            return false; // the usual case, without boxing seq for the lookup
        }
        Map.Entry<Long, Long> e = ranges.floorEntry(seq);
        return e != null && e.getValue() >= seq;
    }

    /** If a range starts at {@code seq}, removes it and returns its end; otherwise returns seq - 1. */
    long takeFrom(long seq) {
        if (ranges.isEmpty()) {
            return seq - 1;
        }
        Long end = ranges.remove(seq);
        return end == null ? seq - 1 : end;
    }

    /** Drops everything at or below {@code seq}. */
    void dropThrough(long seq) {
        while (!ranges.isEmpty() && ranges.firstKey() <= seq) {
            Map.Entry<Long, Long> first = ranges.pollFirstEntry();
            if (first.getValue() > seq) {
                ranges.put(seq + 1, first.getValue());
            }
        }
    }

    /** Number of seqs in the set. */
    long count() {
        long n = 0;
        for (Map.Entry<Long, Long> e : ranges.entrySet()) {
            n += e.getValue() - e.getKey() + 1;
        }
        return n;
    }

    Map<Long, Long> asMap() {
        return new TreeMap<>(ranges);
    }

    void clear() {
        ranges.clear();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }
}

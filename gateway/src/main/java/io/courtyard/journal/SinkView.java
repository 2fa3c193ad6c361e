package io.courtyard.journal;

import io.courtyard.journal.event.EventType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One sink's cursor over the journal. The durable part is {@code ackedThrough} plus the ranges
 * acknowledged ahead of it; what has merely been handed out lives in memory and is forgotten on
 * restart, so an unacknowledged event is always delivered again.
 */
final class SinkView implements EventSource {
    /**
     * Moves a cursor forward, never back: a projection advances its own cursor in its transaction
     * while the writer may still persist an older in-memory value of it.
     */
    static final String ADVANCE = "INSERT INTO sink_cursor(sink, acked_through) VALUES(?, ?) ON CONFLICT(sink) DO"
            + " UPDATE SET acked_through = MAX(acked_through, excluded.acked_through)";

    private final String sink;
    private final Journal journal;
    private Connection conn;
    private PreparedStatement backlogQuery;
    private PreparedStatement urgentQuery;

    private long ackedThrough;
    private final SeqRanges ahead = new SeqRanges();
    /**
     * Everything through here has been handed out (or acknowledged). Written under this view's
     * monitor, read without it by the journal's writer, which forgets the events in memory that
     * every reader has passed.
     */
    private volatile long handedUpTo;

    private final TreeSet<Long> handedUrgent = new TreeSet<>();
    /**
     * Every urgent event through here is handed out or acknowledged: where the next search of the
     * events in memory for urgent ones starts (0 after a rewind: from the backlog pointer).
     */
    private long urgentSearchedTo;
    /**
     * Written under this view's monitor, read without it: the metrics gauge runs on an event loop
     * and must not wait for a read that holds the monitor across SQLite queries.
     */
    private volatile long pending;

    private boolean dirty;
    /** The writer's connection and the statements {@link #persist} prepared on it. */
    private Connection persistedOn;

    private PreparedStatement advanceCursor;
    private PreparedStatement clearAhead;
    private PreparedStatement insertAhead;
    /** Whether sink_ahead may hold ranges of this sink (true until a write has emptied it). */
    private boolean aheadStored = true;

    SinkView(String sink, Journal journal) {
        this.sink = sink;
        this.journal = journal;
    }

    /** Loads the cursor; runs on the journal's start, before any sink thread exists. */
    synchronized void open(Connection c) throws SQLException {
        this.conn = c;
        ackedThrough = load(c, sink, ahead);
        handedUpTo = ackedThrough;
        pending = countBeyondCursor();
        backlogQuery = c.prepareStatement("SELECT " + Rows.COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?");
        urgentQuery = c.prepareStatement(
                "SELECT " + Rows.COLUMNS + " FROM events WHERE kind = 'alarm' AND seq > ? ORDER BY seq LIMIT ?");
    }

    /**
     * A cursor as persisted: returns its {@code acked_through} (0 when never written) and adds the
     * ranges acknowledged beyond it to {@code ahead}.
     */
    static long load(Connection c, String sink, SeqRanges ahead) throws SQLException {
        long through;
        try (PreparedStatement ps = c.prepareStatement("SELECT acked_through FROM sink_cursor WHERE sink = ?")) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                through = rs.next() ? rs.getLong(1) : 0;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT from_seq, to_seq FROM sink_ahead WHERE sink = ?")) {
            ps.setString(1, sink);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ahead.add(rs.getLong(1), rs.getLong(2));
                }
            }
        }
        return through;
    }

    private long countBeyondCursor() throws SQLException {
        long n;
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM events WHERE seq > ?")) {
            ps.setLong(1, ackedThrough);
            try (ResultSet rs = ps.executeQuery()) {
                n = rs.next() ? rs.getLong(1) : 0;
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM events WHERE seq BETWEEN ? AND ?")) {
            for (Map.Entry<Long, Long> r : ahead.asMap().entrySet()) {
                ps.setLong(1, r.getKey());
                ps.setLong(2, r.getValue());
                try (ResultSet rs = ps.executeQuery()) {
                    n -= rs.next() ? rs.getLong(1) : 0;
                }
            }
        }
        return n;
    }

    @Override
    public String sink() {
        return sink;
    }

    @Override
    public List<JournalEvent> next(int max, long waitMillis) throws InterruptedException {
        return next(max, waitMillis, true, null).events();
    }

    @Override
    public List<JournalEvent> nextInOrder(int max, long waitMillis) throws InterruptedException {
        return next(max, waitMillis, false, null).events();
    }

    @Override
    public Stretch nextInOrder(int max, long waitMillis, Set<EventType> types) throws InterruptedException {
        return next(max, waitMillis, false, types);
    }

    /** @param types the types to decode, null for all */
    private Stretch next(int max, long waitMillis, boolean urgentFirst, Set<EventType> types)
            throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            Stretch out = read(max, urgentFirst, types);
            long left = deadline - System.nanoTime();
            if (!out.isEmpty() || left <= 0) {
                return out;
            }
            journal.awaitBeyond(handedUpTo(), left);
        }
    }

    long handedUpTo() {
        return handedUpTo;
    }

    /**
     * Events beyond {@code handedUpTo}, urgent ones first when asked; each from the journal's
     * memory of its last commits while it holds them ({@link Journal#recent}), else from the table.
     */
    private synchronized Stretch read(int max, boolean urgentFirst, Set<EventType> types) {
        List<JournalEvent> out = new ArrayList<>();
        long last = journal.lastDurableSeq();
        if (handedUpTo >= last || max <= 0) {
            return new Stretch(new long[0], out);
        }
        long[] seqs = new long[max];
        int n = 0;
        try {
            if (urgentFirst) {
                if (!urgentInMemory(max, last, out)) {
                    readUrgent(max, out);
                }
                for (JournalEvent e : out) {
                    seqs[n++] = e.seq();
                }
            }
            for (JournalEvent e; n < max && handedUpTo < last && (e = journal.recent(handedUpTo + 1)) != null; ) {
                long seq = e.seq();
                handedUpTo = seq;
                if (!alreadyOut(seq)) {
                    seqs[n++] = seq;
                    if (types == null || Stretch.wanted(e.event(), types)) {
                        out.add(e);
                    }
                }
            }
            if (n < max && handedUpTo < last) {
                n = readBacklog(max, n, seqs, types, out);
            }
        } catch (SQLException e) {
            throw new JournalException("sink " + sink + ": cannot read the journal: " + e.getMessage(), e);
        }
        return new Stretch(Arrays.copyOf(seqs, n), out);
    }

    /** Handed out ahead of the backlog pointer (urgent) or acknowledged ahead of the cursor. */
    private boolean alreadyOut(long seq) {
        return (!handedUrgent.isEmpty() && handedUrgent.remove(seq)) || ahead.contains(seq);
    }

    private int readBacklog(int max, int n, long[] seqs, Set<EventType> types, List<JournalEvent> out)
            throws SQLException {
        backlogQuery.setLong(1, handedUpTo);
        backlogQuery.setInt(2, max - n);
        try (ResultSet rs = backlogQuery.executeQuery()) {
            while (n < max && rs.next()) {
                long seq = rs.getLong(1);
                handedUpTo = seq;
                if (alreadyOut(seq)) {
                    continue;
                }
                seqs[n++] = seq;
                if (types == null || Rows.mayBe(rs, types)) {
                    JournalEvent e = Rows.event(rs, journal::eventId);
                    if (types == null || Stretch.wanted(e.event(), types)) {
                        out.add(e);
                    }
                }
            }
        }
        return n;
    }

    /**
     * The urgent events beyond the backlog pointer, found among the events in memory when every
     * event from where the last such search stopped through {@code last} is there (a reader that
     * keeps up); false, with nothing added, when the table must be searched.
     */
    private boolean urgentInMemory(int max, long last, List<JournalEvent> out) {
        List<JournalEvent> found = new ArrayList<>();
        long seq = Math.max(handedUpTo, urgentSearchedTo) + 1;
        for (; seq <= last && found.size() < max; seq++) {
            JournalEvent e = journal.recent(seq);
            if (e == null) {
                return false;
            }
            if (e.kind().urgent() && !handedUrgent.contains(seq) && !ahead.contains(seq)) {
                found.add(e);
            }
        }
        for (JournalEvent e : found) {
            handedUrgent.add(e.seq());
        }
        out.addAll(found);
        urgentSearchedTo = seq - 1;
        return true;
    }

    /**
     * Urgent events beyond the backlog pointer go first; they stay remembered as handed until the
     * backlog pointer passes them, so they are not sent twice.
     */
    private void readUrgent(int max, List<JournalEvent> out) throws SQLException {
        urgentQuery.setLong(1, handedUpTo);
        urgentQuery.setInt(2, max + handedUrgent.size());
        try (ResultSet rs = urgentQuery.executeQuery()) {
            while (rs.next() && out.size() < max) {
                long seq = rs.getLong(1);
                if (!handedUrgent.contains(seq) && !ahead.contains(seq)) {
                    out.add(Rows.event(rs, journal::eventId));
                    handedUrgent.add(seq);
                }
            }
        }
    }

    @Override
    public synchronized void ack(long... seqs) {
        for (long s : seqs) {
            if (s == ackedThrough + 1 && ahead.isEmpty()) {
                // In order, the usual case: the cursor moves without a range (and a boxed seq) per event.
                ackedThrough = s;
                pending--;
            } else if (s > ackedThrough && !ahead.contains(s)) {
                ahead.add(s);
                pending--;
            }
        }
        advance();
    }

    @Override
    public synchronized void ackCommitted(long... seqs) {
        boolean before = dirty;
        ack(seqs);
        // Clean only when the row the reader wrote says all there is: nothing else was waiting to
        // be persisted, and no range lies beyond the cursor (the writer keeps those in sink_ahead).
        if (!before && ahead.isEmpty() && seqs.length > 0 && ackedThrough == seqs[seqs.length - 1]) {
            dirty = false;
        }
    }

    /** Seqs removed from the journal before this sink got them: treated as delivered, never sent. */
    synchronized void purged(long seq) {
        if (seq > ackedThrough && !ahead.contains(seq)) {
            ahead.add(seq);
            pending--;
            advance();
        }
    }

    private void advance() {
        long end = ahead.takeFrom(ackedThrough + 1);
        while (end > ackedThrough) {
            ackedThrough = end;
            end = ahead.takeFrom(ackedThrough + 1);
        }
        if (handedUpTo < ackedThrough) {
            handedUpTo = ackedThrough;
        }
        if (!handedUrgent.isEmpty()) {
            handedUrgent.headSet(ackedThrough, true).clear();
        }
        dirty = true;
    }

    @Override
    public synchronized void rewind() {
        handedUpTo = ackedThrough;
        handedUrgent.clear();
        urgentSearchedTo = 0;
    }

    @Override
    public long pending() {
        return pending;
    }

    synchronized void appended(int n) {
        pending += n;
    }

    Journal journal() {
        return journal;
    }

    synchronized long ackedThrough() {
        return ackedThrough;
    }

    /**
     * Writes the cursor inside the writer's transaction when it moved since the last write, with
     * statements prepared once on the writer's connection (every commit persists every moved
     * cursor, some fifty times a second under load); the ranges ahead of the cursor only when
     * there are some, or some may still be stored.
     */
    synchronized void persist(Connection c) throws SQLException {
        if (!dirty) {
            return;
        }
        if (c != persistedOn) {
            advanceCursor = c.prepareStatement(ADVANCE);
            clearAhead = c.prepareStatement("DELETE FROM sink_ahead WHERE sink = ?");
            insertAhead = c.prepareStatement("INSERT INTO sink_ahead(sink, from_seq, to_seq) VALUES(?, ?, ?)");
            persistedOn = c;
        }
        advanceCursor.setString(1, sink);
        advanceCursor.setLong(2, ackedThrough);
        advanceCursor.executeUpdate();
        if (aheadStored || !ahead.isEmpty()) {
            clearAhead.setString(1, sink);
            clearAhead.executeUpdate();
            for (Map.Entry<Long, Long> r : ahead.asMap().entrySet()) {
                insertAhead.setString(1, sink);
                insertAhead.setLong(2, r.getKey());
                insertAhead.setLong(3, r.getValue());
                insertAhead.addBatch();
            }
            insertAhead.executeBatch();
            aheadStored = !ahead.isEmpty();
        }
        dirty = false;
    }

    synchronized boolean dirty() {
        return dirty;
    }

    /** The transaction that carried the last {@link #persist} rolled back: write again next time. */
    synchronized void markDirty() {
        dirty = true;
        aheadStored = true; // the delete that emptied them may have been rolled back with the rest
    }

    synchronized void close() throws SQLException {
        if (conn != null) {
            conn.close();
        }
    }
}

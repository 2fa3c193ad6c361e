package io.courtyard.journal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * Which database instance issued which sequence numbers. An event's id is {@code
 * {siteId}-{instance}-{seq}}, {@code instance} being the first 8 characters of the instance id.
 * A database begins with one instance; a restore starts a new one at the seq after the backup's
 * last, so the events the backup holds keep their ids (resent, they deduplicate upstream), while
 * new events never take an id that the old box may have given out after the backup was taken.
 *
 * <p>Kept in {@code meta}: {@code instance} (the current one, made by the database on first start)
 * and {@code instance.epochs}, one {@code FIRST_SEQ INSTANCE} line per instance, oldest first,
 * written by the first restore (without it, the current instance issued every seq).
 */
public final class Epochs {
    static final String KEY = "instance.epochs";

    /** A new instance: the one before it, the new one, and where the new one's seqs begin. */
    public record Restart(String previousInstance, String instance, long lastSeq, long firstSeq) {
        /** The 8 characters of the new instance that appear in event ids. */
        public String idPart() {
            return part(instance);
        }

        public String previousIdPart() {
            return part(previousInstance);
        }
    }

    private final NavigableMap<Long, String> byFirstSeq;

    private Epochs(NavigableMap<Long, String> byFirstSeq) {
        this.byFirstSeq = byFirstSeq;
    }

    static Epochs load(Connection c) throws SQLException {
        String current = meta(c, "instance");
        if (current == null) {
            throw new SQLException("meta has no instance id: the database was not started by a gateway");
        }
        return new Epochs(parse(meta(c, KEY), current));
    }

    /**
     * The ids of this database's events for site {@code siteId}: {@code {siteId}-{instance}-{seq}},
     * the instance being the one that issued the seq. Each instance's prefix is built once; the
     * readers ask for one id per event.
     */
    LongFunction<String> ids(String siteId) {
        long[] firsts = new long[byFirstSeq.size()];
        String[] prefixes = new String[firsts.length];
        int i = 0;
        for (Map.Entry<Long, String> e : byFirstSeq.entrySet()) {
            firsts[i] = e.getKey();
            prefixes[i++] = siteId + "-" + part(e.getValue()) + "-";
        }
        return seq -> {
            int at = firsts.length - 1;
            // Seqs below the first instance's (none in a gateway's journal) count as the first's.
            while (at > 0 && seq < firsts[at]) {
                at--;
            }
            return prefixes[at] + seq;
        };
    }

    /**
     * Starts a new instance on a restored database, in one transaction: seqs continue after the
     * highest the database has given out, or after {@code seqFloor} when that is higher (the last
     * seq the platform saw from this site, so that the new ones are above everything it has).
     */
    public static Restart restart(Connection c, long seqFloor) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            String previous = meta(c, "instance");
            if (previous == null) {
                throw new SQLException("meta has no instance id: not a gateway's database");
            }
            NavigableMap<Long, String> epochs = parse(meta(c, KEY), previous);
            long last = Journal.lastSeq(c);
            long floor = Math.max(last, seqFloor);
            String next;
            do {
                next = UUID.randomUUID().toString();
            } while (usedIdPart(epochs, part(next)));
            epochs.put(floor + 1, next);
            StringBuilder lines = new StringBuilder();
            epochs.forEach((seq, instance) ->
                    lines.append(seq).append(' ').append(instance).append('\n'));
            put(c, "instance", next);
            put(c, KEY, lines.toString());
            put(c, "journal.last_seq", Long.toString(floor));
            c.commit();
            return new Restart(previous, next, last, floor + 1);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static boolean usedIdPart(NavigableMap<Long, String> epochs, String part) {
        return epochs.values().stream().anyMatch(i -> part(i).equals(part));
    }

    private static String part(String instance) {
        return instance.substring(0, 8);
    }

    private static NavigableMap<Long, String> parse(String lines, String current) throws SQLException {
        NavigableMap<Long, String> m = new TreeMap<>();
        if (lines == null || lines.isBlank()) {
            m.put(1L, current);
            return m;
        }
        for (String line : lines.strip().split("\n")) {
            String[] f = line.strip().split(" ");
            try {
                m.put(Long.parseLong(f[0]), f[1]);
            } catch (RuntimeException e) {
                throw new SQLException("meta " + KEY + ": unreadable line '" + line + "'", e);
            }
        }
        if (!m.lastEntry().getValue().equals(current)) {
            throw new SQLException("meta " + KEY + " ends with " + m.lastEntry().getValue()
                    + ", but the current instance is " + current);
        }
        return m;
    }

    private static String meta(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static void put(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}

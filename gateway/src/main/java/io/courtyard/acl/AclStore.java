package io.courtyard.acl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.AccessList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The last applied access list in SQLite: one row per entry ({@code acl_entries}) and its version,
 * digest and times in {@code meta}. A message is applied in one transaction that first re-reads
 * the version under the write lock, so a crash leaves the old list whole and two writers (the
 * gateway's sync and an {@code acl import} run beside it) cannot interleave.
 */
public final class AclStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AclStore.class);

    /** Another writer applied a version between our check and our transaction. */
    public static final class StaleVersionException extends Exception {
        private static final long serialVersionUID = 1L;

        StaleVersionException(long expected, long found) {
            super("expected stored version " + expected + ", found " + found + ": another process applied a list");
        }
    }

    private AclStore() {}

    public static long version(Connection c) throws SQLException {
        return Long.parseLong(meta(c, "acl.version", "0"));
    }

    public static String digest(Connection c) throws SQLException {
        return meta(c, "acl.digest", "");
    }

    public static Instant appliedAt(Connection c) throws SQLException {
        String s = meta(c, "acl.applied_at", null);
        return s == null ? null : Instant.parse(s);
    }

    /**
     * Reads and decodes the stored list. Rows are read on this thread and decoded in parallel (JSON
     * parsing is most of a load, and at startup the gateway has nothing else to do). Entries were
     * checked when applied; one that no longer reads (corrupted, or refused by stricter rules than
     * those of the release that stored it) is left out and said at ERROR: that fails closed (what
     * it granted is denied; a missing calendar means no holidays), where refusing the whole list
     * would leave the gateway unable to start at all.
     */
    public static AccessList load(Connection c) throws SQLException {
        long version = version(c);
        Instant issued = Instant.parse(meta(c, "acl.issued_at", Instant.EPOCH.toString()));
        List<Row> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT kind, id, body FROM acl_entries")) {
            while (rs.next()) {
                rows.add(new Row(EntryKind.ofTag(rs.getString(1)), rs.getString(2), rs.getBytes(3)));
            }
        }
        AclCodec.Interner interner = new AclCodec.Interner();
        Object[] decoded = new Object[rows.size()];
        List<String> unreadable = new java.util.concurrent.CopyOnWriteArrayList<>();
        IntStream.range(0, rows.size()).parallel().forEach(i -> {
            try {
                decoded[i] = rows.get(i).decode(interner);
            } catch (UncheckedIOException | AclFormatException e) {
                unreadable.add(LogText.safe(e.getMessage()));
            }
        });
        AclEntries entries = AclEntries.empty();
        for (int i = 0; i < decoded.length; i++) {
            if (decoded[i] != null) {
                entries.put(rows.get(i).kind(), decoded[i]);
            }
        }
        if (!unreadable.isEmpty()) {
            log.error(
                    "stored access list version {}: {} entries no longer read and are left out (what they granted"
                            + " is denied until the platform's next list replaces them), e.g. {}",
                    version,
                    unreadable.size(),
                    unreadable.subList(0, Math.min(3, unreadable.size())));
        }
        return version == 0 ? AccessList.EMPTY : entries.toList(version, issued);
    }

    /** One stored entry before decoding. */
    private record Row(EntryKind kind, String id, byte[] body) {
        Object decode(AclCodec.Interner interner) {
            String where = "acl_entries " + kind.tag() + " " + id;
            JsonNode n;
            try {
                n = JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(where + ": not JSON: " + e.getMessage(), e);
            }
            return AclCodec.decodeStored(kind, n, where, interner);
        }
    }

    /**
     * Applies {@code m} in one transaction, if the stored version is still {@code expected};
     * {@code now} is recorded as the applied time.
     */
    public static void apply(Connection c, AclMessage m, long expected, Instant now)
            throws SQLException, StaleVersionException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            // A write first: it takes SQLite's write lock, so the version read below cannot change under us.
            try (Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE meta SET value = value WHERE key = 'acl.version'");
            }
            long found = version(c);
            if (found != expected) {
                throw new StaleVersionException(expected, found);
            }
            if (m.type() == AclMessage.Type.SNAPSHOT) {
                try (Statement st = c.createStatement()) {
                    st.executeUpdate("DELETE FROM acl_entries");
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM acl_entries WHERE kind = ? AND id = ?")) {
                for (Map.Entry<EntryKind, List<String>> e : m.removals().entrySet()) {
                    for (String id : e.getValue()) {
                        del.setString(1, e.getKey().tag());
                        del.setString(2, id);
                        del.addBatch();
                    }
                }
                del.executeBatch();
            }
            try (PreparedStatement ins =
                    c.prepareStatement("INSERT OR REPLACE INTO acl_entries(kind, id, body) VALUES (?, ?, ?)")) {
                int n = 0;
                for (AclMessage.Entry e : m.upserts()) {
                    ins.setString(1, e.kind().tag());
                    ins.setString(2, e.id());
                    ins.setString(3, e.canonical());
                    ins.addBatch();
                    if (++n % 5000 == 0) {
                        ins.executeBatch();
                    }
                }
                ins.executeBatch();
            }
            setMeta(c, "acl.version", Long.toString(m.version()));
            setMeta(c, "acl.digest", m.digest());
            setMeta(c, "acl.issued_at", m.issuedAt().toString());
            setMeta(c, "acl.applied_at", now.toString());
            c.commit();
        } catch (SQLException | StaleVersionException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static String meta(Connection c, String key, String fallback) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : fallback;
            }
        }
    }

    private static void setMeta(Connection c, String key, String value) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, key);
            ps.setString(2, value);
            ps.executeUpdate();
        }
    }
}

package io.courtyard.sim.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.sqlite.SQLiteConfig;

/**
 * The gateway's journal read from its SQLite file, read-only, beside the running process (WAL lets
 * a reader in while the gateway writes): what the box itself holds as decided and durable.
 */
final class JournalFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One journaled event: envelope columns and the body. */
    record Event(long seq, String kind, String device, Instant ts, Instant receivedAt, JsonNode body) {
        String text(String member) {
            return body.path(member).asText();
        }
    }

    private final Path db;

    JournalFile(Path stateDir) {
        this.db = stateDir.resolve("courtyard.db");
    }

    /** Events after {@code afterSeq}, oldest first. */
    List<Event> after(long afterSeq) throws SQLException, IOException {
        SQLiteConfig c = new SQLiteConfig();
        c.setReadOnly(true);
        c.setBusyTimeout(5000);
        List<Event> out = new ArrayList<>();
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db, c.toProperties());
                PreparedStatement s = conn.prepareStatement(
                        "SELECT seq, kind, device, ts_us, received_us, body FROM events WHERE seq > ? ORDER BY seq")) {
            s.setLong(1, afterSeq);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getString(3),
                            micros(rs.getLong(4)),
                            micros(rs.getLong(5)),
                            JSON.readTree(rs.getString(6))));
                }
            }
        }
        return out;
    }

    List<Event> all() throws SQLException, IOException {
        return after(0);
    }

    long lastSeq() throws SQLException {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
            return rs.getLong(1);
        }
    }

    /** The database's own verdict on its pages, after a crash. */
    String integrity() throws SQLException {
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = conn.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            return rs.getString(1);
        }
    }

    /** Waits for the first event after {@code afterSeq} that matches; empty if none within {@code within}. */
    Optional<Event> await(long afterSeq, Predicate<Event> match, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        long from = afterSeq;
        do {
            for (Event e : after(from)) {
                if (match.test(e)) {
                    return Optional.of(e);
                }
                from = e.seq();
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    private static Instant micros(long us) {
        return Instant.EPOCH.plusNanos(us * 1000);
    }
}

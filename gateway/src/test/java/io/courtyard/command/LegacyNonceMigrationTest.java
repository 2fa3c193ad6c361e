package io.courtyard.command;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.JournalConfig.Synchronous;
import io.courtyard.store.Database;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A box upgraded from the release before the command room: the emergency command nonces it kept
 * in {@code access_state} move to the command ledger, so a command it executed cannot be replayed
 * on the old topic after the upgrade.
 */
class LegacyNonceMigrationTest {
    @TempDir
    Path dir;

    @Test
    void theNoncesOfTheLastReleaseBecomeLedgerRowsAndLeaveTheAccessState() throws Exception {
        long expires = Instant.now().plusSeconds(300).toEpochMilli();
        Files.createDirectories(dir);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
                Statement st = c.createStatement()) {
            for (String script : List.of("V001__meta.sql", "V002__journal.sql", "V003__access.sql")) {
                for (String stmt : statements(script)) {
                    st.executeUpdate(stmt);
                }
            }
            st.executeUpdate("PRAGMA user_version = 3");
            st.executeUpdate("INSERT INTO access_state(key, value) VALUES ('nonce|n-0001', '" + expires + "')");
            st.executeUpdate(
                    "INSERT INTO access_state(key, value) VALUES ('emergency|fire', '2026-03-01T00:00:00Z x')");
        }

        Database db = new Database(dir, Synchronous.FULL);
        db.start();
        try (Connection c = db.connect();
                CommandLedger ledger = new CommandLedger(db.connect())) {
            assertThat(ledger.find("n-0001")).satisfies(e -> {
                assertThat(e.state()).isEqualTo("done");
                assertThat(e.type()).isEqualTo("emergency");
                assertThat(e.expiresAt().toEpochMilli()).isEqualTo(expires);
            });
            assertThat(ledger.floor().seq()).isZero();
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT key FROM access_state ORDER BY key")) {
                List<String> keys = new ArrayList<>();
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
                assertThat(keys).containsExactly("emergency|fire");
            }
        } finally {
            db.stop();
        }
    }

    private static List<String> statements(String script) throws Exception {
        try (InputStream in = LegacyNonceMigrationTest.class.getResourceAsStream("/db/" + script)) {
            String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
            List<String> out = new ArrayList<>();
            for (String s : sql.split(";\\s*(\\r?\\n|$)")) {
                if (!s.isBlank()) {
                    out.add(s);
                }
            }
            return out;
        }
    }
}

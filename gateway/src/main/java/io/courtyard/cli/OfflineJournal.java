package io.courtyard.cli;

import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.Journal;
import io.courtyard.store.Database;
import io.courtyard.store.StateLockedException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The gateway's database and journal opened by a command while the gateway is stopped, for the
 * commands that journal something ({@code bill --issue}, {@code faults ack}); null from {@link
 * #open} when the gateway holds the state directory, so the command goes through its API instead.
 */
final class OfflineJournal implements AutoCloseable {
    private final Database db;
    private final Journal journal;
    private final Connection conn;

    private OfflineJournal(Database db, Journal journal, Connection conn) {
        this.db = db;
        this.journal = journal;
        this.conn = conn;
    }

    static OfflineJournal open(GatewayConfig cfg) throws Exception {
        Database db = new Database(cfg.state().dir(), cfg.journal().synchronous());
        try {
            db.start();
        } catch (StateLockedException e) {
            return null;
        }
        Journal journal = new Journal(db, cfg.site().id(), cfg.journal(), new SimpleMeterRegistry());
        try {
            journal.start();
            return new OfflineJournal(db, journal, db.connect());
        } catch (SQLException | RuntimeException e) {
            journal.stop();
            db.stop();
            throw e;
        }
    }

    Journal journal() {
        return journal;
    }

    Connection connection() {
        return conn;
    }

    @Override
    public void close() throws Exception {
        try {
            conn.close();
        } finally {
            journal.stop();
            db.stop();
        }
    }
}

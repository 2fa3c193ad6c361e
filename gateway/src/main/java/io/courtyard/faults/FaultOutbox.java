package io.courtyard.faults;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals the lifecycle changes the fault projection derived from device events (its outbox), so
 * they go upstream on {@code fault}; a row leaves the outbox once its event is durable. At start,
 * rows whose event the journal already holds (a crash between the append and the removal) are
 * removed without appending again: the projection removes a row when it reads its event back, so
 * such an event can only lie beyond the projection's cursor, which is where this looks.
 */
public final class FaultOutbox implements Service {
    private static final Logger log = LoggerFactory.getLogger(FaultOutbox.class);
    private static final int BATCH = 500;

    private final Database db;
    private final String siteId;
    private final EventSink journal;
    private final Duration poll;
    private final Clock clock;
    private final Set<String> inFlight = new HashSet<>();
    private final ConcurrentLinkedQueue<String[]> done = new ConcurrentLinkedQueue<>();
    private volatile boolean running;
    private Connection conn;
    private Thread thread;

    public FaultOutbox(Database db, String siteId, EventSink journal, Duration poll, Clock clock) {
        this.db = db;
        this.siteId = siteId;
        this.journal = journal;
        this.poll = poll;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "fault-outbox";
    }

    @Override
    public synchronized void start() throws SQLException {
        conn = db.connect();
        int already = reconcile();
        if (already > 0) {
            log.info("fault outbox: {} changes were journaled before the last stop; not journaled again", already);
        }
        running = true;
        thread = Threads.named(name(), true).newThread(this::run);
        thread.start();
    }

    @Override
    public synchronized void stop() throws InterruptedException, SQLException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
        if (conn != null) {
            conn.close();
        }
    }

    private int reconcile() throws SQLException {
        List<String[]> journaled = new ArrayList<>();
        JournalReader.unacknowledged(conn, siteId, FaultProjection.SINK, je -> {
            if (je.event() instanceof FaultLifecycle f && f.origin() == FaultLifecycle.Origin.DEVICE) {
                journaled.add(new String[] {f.fault(), Integer.toString(f.step())});
            }
        });
        int n = 0;
        for (String[] k : journaled) {
            n += delete(k);
        }
        return n;
    }

    private void run() {
        while (running) {
            try {
                for (String[] k; (k = done.poll()) != null; ) {
                    delete(k);
                    inFlight.remove(k[0] + "#" + k[1]);
                }
                publish();
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                log.warn("fault outbox: {}; retrying", e.toString());
                try {
                    Thread.sleep(Math.max(poll.toMillis(), 1000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Hands the pending rows to the journal, oldest first; those already handed wait for it. */
    void publish() throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT fault, step, device, at_us, body, kind FROM fault_outbox ORDER BY at_us, fault, step LIMIT ?")) {
            ps.setInt(1, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] key = {rs.getString(1), Integer.toString(rs.getInt(2))};
                    if (!inFlight.add(key[0] + "#" + key[1])) {
                        continue;
                    }
                    EventKind kind = EventKind.ofTopic(rs.getString(6));
                    var event = EventCodec.decode(kind, EventType.FAULT_LIFECYCLE.wire(), rs.getString(5));
                    var draft = new EventDraft(rs.getString(3), Micros.instant(rs.getLong(4)), clock.instant(), event);
                    journal.append(draft).whenComplete((ok, error) -> {
                        if (error == null) {
                            done.add(key);
                        } else {
                            log.warn(
                                    "fault outbox: {} step {} not journaled yet: {}", key[0], key[1], error.toString());
                            done.add(new String[] {key[0], key[1], "retry"});
                        }
                    });
                }
            }
        }
    }

    private int delete(String[] key) throws SQLException {
        if (key.length > 2) {
            return 0; // a failed append: the row stays and is handed out again
        }
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM fault_outbox WHERE fault = ? AND step = ?")) {
            ps.setString(1, key[0]);
            ps.setInt(2, Integer.parseInt(key[1]));
            return ps.executeUpdate();
        }
    }
}

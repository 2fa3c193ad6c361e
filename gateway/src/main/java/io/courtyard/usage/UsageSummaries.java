package io.courtyard.usage;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.UsageSummary;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.store.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals each elevator's {@code usage-summary} once its day (site time zone) is over and
 * {@link #GRACE} has passed, so rides journaled a little late are in it; each day once, remembered
 * in {@code usage_summaries_sent} after the summary is durable.
 */
public final class UsageSummaries implements Service {
    /** How long after midnight a day is summarised. */
    public static final Duration GRACE = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(UsageSummaries.class);

    private final Database db;
    private final EventSink journal;
    private final ZoneId zone;
    private final Clock clock;
    private final Duration every;
    private ScheduledExecutorService timer;
    private Connection conn;

    public UsageSummaries(Database db, EventSink journal, ZoneId zone, Clock clock, Duration every) {
        this.db = db;
        this.journal = journal;
        this.zone = zone;
        this.clock = clock;
        this.every = every;
    }

    @Override
    public String name() {
        return "usage-summaries";
    }

    @Override
    public synchronized void start() throws SQLException {
        conn = db.connect();
        timer = Executors.newSingleThreadScheduledExecutor(Threads.named(name(), true));
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        summarise();
                    } catch (SQLException | RuntimeException e) {
                        log.warn("usage summaries: {}", e.toString());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                every.toMillis(),
                every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() throws InterruptedException, SQLException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(2, TimeUnit.SECONDS);
        }
        if (conn != null) {
            conn.close();
        }
    }

    /** Journals every finished day not journaled yet; returns how many summaries. */
    public int summarise() throws SQLException, InterruptedException {
        LocalDate last = clock.instant().minus(GRACE).atZone(zone).toLocalDate().minusDays(1);
        List<String[]> due = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT DISTINCT d.elevator, d.day FROM usage_rides_daily d"
                + " LEFT JOIN usage_summaries_sent s ON s.elevator = d.elevator AND s.day = d.day"
                + " WHERE s.day IS NULL AND d.day <= ? ORDER BY d.day, d.elevator")) {
            ps.setString(1, last.toString());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    due.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        for (String[] d : due) {
            UsageSummary s = summary(conn, d[0], LocalDate.parse(d[1]));
            long seq;
            try {
                seq = journal.append(EventDraft.at(d[0], clock.instant(), s))
                        .thenApply(e -> e instanceof io.courtyard.journal.JournalEvent je ? je.seq() : 0L)
                        .get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                log.warn("usage summary of {} on {} not journaled yet: {}", d[0], d[1], e.toString());
                return 0;
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT OR IGNORE INTO usage_summaries_sent(elevator, day, seq) VALUES (?, ?, ?)")) {
                ps.setString(1, d[0]);
                ps.setString(2, d[1]);
                ps.setLong(3, seq);
                ps.executeUpdate();
            }
        }
        return due.size();
    }

    /** One elevator's day from the usage tables. */
    public static UsageSummary summary(Connection c, String elevator, LocalDate day) throws SQLException {
        Map<String, UsageQueries.Rides> byHousehold = UsageQueries.day(c, elevator, day);
        long rides = 0;
        long floors = 0;
        List<UsageSummary.Household> households = new ArrayList<>();
        for (Map.Entry<String, UsageQueries.Rides> e : byHousehold.entrySet()) {
            rides += e.getValue().rides();
            floors += e.getValue().floorsTravelled();
            if (!e.getKey().isEmpty()) {
                households.add(new UsageSummary.Household(
                        e.getKey(),
                        Math.toIntExact(e.getValue().rides()),
                        e.getValue().floorsTravelled()));
            }
        }
        Integer peakHour = null;
        Integer peakRides = null;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT CAST(substr(hour, 12, 2) AS INTEGER), rides FROM"
                        + " usage_rides_hourly WHERE elevator = ? AND hour >= ? AND hour < ? ORDER BY rides DESC, hour LIMIT 1")) {
            ps.setString(1, elevator);
            ps.setString(2, day.toString());
            ps.setString(3, day.plusDays(1).toString());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    peakHour = rs.getInt(1);
                    peakRides = rs.getInt(2);
                }
            }
        }
        return new UsageSummary(
                day.toString(), elevator, Math.toIntExact(rides), floors, peakHour, peakRides, households);
    }
}

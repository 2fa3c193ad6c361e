package io.courtyard.faults;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.FaultLifecycle.Change;
import io.courtyard.journal.event.FaultLifecycle.Origin;
import io.courtyard.store.Database;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the rescue clocks on the box's own clock, uplink or not: a trapped passenger whose crew has
 * not arrived by the rescue target raises a {@code rescue-overdue} alarm (journaled on {@code alarm},
 * so it jumps the upstream backlog) and an ERROR log line, once per fault.
 */
public final class RescueWatch extends Watch {
    private static final Logger log = LoggerFactory.getLogger(RescueWatch.class);

    private final EventSink journal;
    private final Clock clock;
    private final Set<String> raised = ConcurrentHashMap.newKeySet();

    public RescueWatch(Database db, EventSink journal, Clock clock, Duration every) {
        super(db, every);
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "rescue-watch";
    }

    @Override
    void tick() throws SQLException {
        check();
    }

    /** Journals an overdue alarm for every running rescue past its target; returns how many. */
    int check() throws SQLException {
        int n = 0;
        for (Fault f : FaultQueries.overdueRescues(conn, clock.instant())) {
            if (!raised.add(f.id())) {
                continue; // journaled, not yet projected
            }
            log.error(
                    "RESCUE OVERDUE: {} in {} raised at {}, crew not arrived within {} min{}",
                    f.type(),
                    f.elevator() == null ? f.device() : f.elevator(),
                    f.raisedAt(),
                    f.rescueTargetMs() / 60_000,
                    f.ackAt() == null ? ", not even acknowledged" : "");
            var e = FaultEvents.of(
                    f,
                    f.steps() + 1,
                    Change.RESCUE_OVERDUE,
                    f.state(),
                    Origin.WATCH,
                    null,
                    null,
                    null,
                    EventKind.ALARM);
            journal.append(EventDraft.at(f.device(), clock.instant(), e)).whenComplete((ok, error) -> {
                if (error != null) {
                    raised.remove(f.id());
                }
            });
            n++;
        }
        return n;
    }
}

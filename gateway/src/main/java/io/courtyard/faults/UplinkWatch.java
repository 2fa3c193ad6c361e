package io.courtyard.faults;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.FaultLifecycle.Change;
import io.courtyard.journal.event.FaultLifecycle.Origin;
import io.courtyard.journal.event.FaultLifecycle.State;
import io.courtyard.store.Database;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the upstream MQTT connection on the box's own clock: down for longer than
 * {@code faults.uplinkDownHold} raises an {@code uplink-down} fault on device {@code gateway},
 * raised at the moment it went down; connected again clears it. Both are journaled fault-lifecycle
 * changes (origin {@code watch}), so the projection keeps them like any other and the platform
 * learns of the outage once the uplink is back. At most one such fault is active: after a restart
 * with the uplink still down, the one already open stays.
 */
public final class UplinkWatch extends Watch {
    private static final Logger log = LoggerFactory.getLogger(UplinkWatch.class);
    static final String DEVICE = "gateway";

    private final EventSink journal;
    private final FaultTypes types;
    private final Clock clock;
    private final BooleanSupplier connected;

    /** Since when the watch has seen the uplink down; null while up. */
    private Instant downSince;
    /** A raise journaled and not yet in the fault table: not journaled twice. */
    private volatile boolean raising;
    /** The fault whose clearing is journaled and not yet in the table. */
    private volatile String clearing;

    /** @param connected whether the upstream connection is up now (the MQTT sink's own state) */
    public UplinkWatch(
            Database db, EventSink journal, FaultTypes types, Clock clock, BooleanSupplier connected, Duration every) {
        super(db, every);
        this.journal = journal;
        this.types = types;
        this.clock = clock;
        this.connected = connected;
    }

    @Override
    public String name() {
        return "uplink-watch";
    }

    @Override
    void tick() throws SQLException {
        check();
    }

    /** Looks once; returns the change journaled (raised or cleared), or null. */
    synchronized Change check() throws SQLException {
        Instant now = clock.instant();
        Fault active = active();
        if (active == null) {
            clearing = null; // cleared in the table, or never raised
        } else {
            raising = false; // raised in the table
        }
        if (connected.getAsBoolean()) {
            downSince = null;
            raising = false; // a raise still in flight is cleared once it is in the table
            if (active == null || active.id().equals(clearing)) {
                return null;
            }
            log.info("uplink up again: clearing {} (down since {})", active.id(), active.raisedAt());
            clearing = active.id();
            FaultLifecycle e = FaultEvents.of(
                    active,
                    active.steps() + 1,
                    Change.CLEARED,
                    State.CLEARED,
                    Origin.WATCH,
                    null,
                    null,
                    null,
                    EventKind.FAULT);
            journal(now, e, () -> clearing = null);
            return Change.CLEARED;
        }
        if (downSince == null) {
            downSince = now;
        }
        if (active != null || raising || now.isBefore(downSince.plus(types.uplinkDownHold()))) {
            return null;
        }
        log.warn(
                "uplink down since {} (longer than {}): raising {}",
                downSince,
                types.uplinkDownHold(),
                FaultTypes.UPLINK_DOWN);
        raising = true;
        journal(downSince, raise(downSince), () -> raising = false);
        return Change.RAISED;
    }

    private FaultLifecycle raise(Instant at) {
        String type = FaultTypes.UPLINK_DOWN;
        return new FaultLifecycle(
                EventKind.FAULT,
                FaultActions.NEW,
                1,
                type,
                types.severity(type),
                Change.RAISED,
                State.OPEN,
                Origin.WATCH,
                null,
                at,
                null,
                "upstream MQTT connection down for longer than " + types.uplinkDownHold(),
                null,
                0,
                null,
                null,
                null,
                null);
    }

    /** Journals {@code e} at {@code ts}; {@code failed} runs when the journal refuses it, to try again. */
    private void journal(Instant ts, FaultLifecycle e, Runnable failed) {
        journal.append(EventDraft.at(DEVICE, ts, e)).whenComplete((ok, error) -> {
            if (error != null) {
                log.warn("uplink watch: {} not journaled, trying again: {}", e.change(), error.toString());
                failed.run();
            }
        });
    }

    private Fault active() throws SQLException {
        for (Fault f : FaultQueries.list(
                        conn,
                        new FaultQueries.Filter(DEVICE, FaultTypes.UPLINK_DOWN, null, null, null, null, true),
                        0,
                        5)
                .faults()) {
            if (f.active()) {
                return f;
            }
        }
        return null;
    }
}

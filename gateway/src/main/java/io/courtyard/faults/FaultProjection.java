package io.courtyard.faults;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalProjector;
import io.courtyard.journal.event.EventType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

/**
 * The fault log, kept from the journal by the {@value #SINK} cursor on the shared projector: each
 * event's {@link Signal} applied by the {@link FaultBook} in the projector's transaction.
 */
public final class FaultProjection implements JournalProjector.Projection {
    /** The journal cursor of the projection. */
    public static final String SINK = "faults";

    private final Signals signals;
    private final FaultBook book;

    public FaultProjection(FaultTypes types, ZoneId zone) {
        this.signals = new Signals(types);
        this.book = new FaultBook(types, zone);
    }

    @Override
    public Set<EventType> reads() {
        return Signals.READS;
    }

    @Override
    public void apply(Connection tx, List<JournalEvent> batch) throws SQLException {
        book.begin();
        for (JournalEvent je : batch) {
            Signal s = signals.of(je);
            if (s != null) {
                book.apply(tx, je.seq(), s);
            }
        }
        book.finish(tx);
    }
}

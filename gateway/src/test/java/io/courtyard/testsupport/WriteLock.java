package io.courtyard.testsupport;

import java.sql.SQLException;
import java.sql.Statement;

/** Another connection holding SQLite's write lock for a while, as the journal writer or a projection does. */
public final class WriteLock {
    private WriteLock() {}

    /**
     * Commits the transaction open on {@code holder} (begun with {@code BEGIN IMMEDIATE}) from a
     * thread of its own, {@code millis} from now; join the returned thread before closing it.
     */
    public static Thread commitAfter(Statement holder, long millis) {
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(millis);
                holder.execute("COMMIT");
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        release.start();
        return release;
    }
}

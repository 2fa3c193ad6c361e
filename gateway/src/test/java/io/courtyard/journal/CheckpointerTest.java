package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CheckpointerTest {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;

    @Test
    void theLogIsCopiedBackAndStartsOverWhileAppendsGoOn() throws Exception {
        int rounds = 20;
        long maxLogPages = 0;
        try (TestJournal j = TestJournal.open(dir)) {
            Gauge logPages = j.registry().get("courtyard.journal.wal.pages").gauge();
            for (int r = 0; r < rounds; r++) {
                appendAndPass(j, r * 1000, 1000);
                maxLogPages = Math.max(maxLogPages, (long) logPages.value());
            }
            long dbPages = Files.size(dir.resolve("courtyard.db")) / PAGE;
            assertThat(j.registry().get("courtyard.journal.checkpoint").timer().count())
                    .as("checkpoint passes")
                    .isGreaterThanOrEqualTo(rounds);
            // The events filled hundreds of pages; the log held a small part of them at any pass,
            // so it started over again and again while the writer kept appending.
            assertThat(dbPages).as("pages in the database file").isGreaterThan(500);
            assertThat(maxLogPages)
                    .as("most pages in the log at a pass")
                    .isGreaterThan(0)
                    .isLessThan(dbPages / 2);
            assertThat(Files.size(dir.resolve("courtyard.db-wal")) / PAGE)
                    .as("the log file's pages")
                    .isLessThan(dbPages / 2);
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .as("the checkpoint thread ends with the journal")
                .noneMatch(t -> t.getName().startsWith("journal-checkpoint"));
        try (TestJournal again = TestJournal.open(dir)) {
            assertThat(again.journal().lastDurableSeq()).isEqualTo(rounds * 1000L);
        }
    }

    @Test
    void aReaderThatHoldsTheLogDelaysItsRestartUntilItLeaves() throws Exception {
        try (TestJournal j = TestJournal.open(dir);
                Connection reader = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"))) {
            Gauge logPages = j.registry().get("courtyard.journal.wal.pages").gauge();
            appendAndPass(j, 0, 100);
            reader.setAutoCommit(false);
            try (Statement st = reader.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(100);
                // The reader's snapshot pins the log: it grows while appends go on.
                for (int r = 1; r <= 10; r++) {
                    appendAndPass(j, r * 1000, 1000);
                }
                assertThat((long) logPages.value())
                        .as("log pages while the reader stays: ten rounds' worth, none started over")
                        .isGreaterThan(300);
            }
            reader.commit();
            // Once it leaves, a pass copies everything and the next commit starts the log over.
            long before = (long) logPages.value();
            for (int r = 11; r <= 20 && (long) logPages.value() >= before / 2; r++) {
                appendAndPass(j, r * 1000, 100);
            }
            assertThat((long) logPages.value())
                    .as("log pages after the reader left")
                    .isLessThan(before / 2);
        }
    }

    /** Appends {@code n} events, waits for their commit, then for a checkpoint pass begun after it. */
    private static void appendAndPass(TestJournal j, int from, int n) throws Exception {
        var passes = j.registry().get("courtyard.journal.checkpoint").timer();
        Instant now = Instant.now();
        CompletableFuture<JournalEvent> last = null;
        for (int i = from; i < from + n; i++) {
            last = j.journal()
                    .append(EventDraft.at("monitor-" + (i % 7), now, SampleEvents.numbered(EventKind.DEVICE, i)));
        }
        last.get(20, TimeUnit.SECONDS);
        // The next pass to end began after the commit, unless one was under way: then the one after
        // it did (it comes, the journal having moved since that one began).
        long before = passes.count();
        while (passes.count() < before + 1) {
            Thread.sleep(5);
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        while (passes.count() < before + 2 && System.nanoTime() < until) {
            Thread.sleep(5);
        }
    }
}

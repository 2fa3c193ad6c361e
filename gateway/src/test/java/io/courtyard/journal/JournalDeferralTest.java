package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * While SQLite refuses the writer (here another process's exclusive lock, as a full or failing disk
 * would), a retryable append fails so that its device sends again, and a deferrable one (a decision,
 * an alarm) waits in memory and is written first, in order, when writes succeed again.
 */
@Timeout(60)
class JournalDeferralTest {
    @TempDir
    Path dir;

    @Test
    void deferrableEventsWaitOutARefusingDiskAndAreWrittenFirstInOrder() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            Journal journal = j.journal();
            Connection locker = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("courtyard.db"));
            Statement st = locker.createStatement();
            st.execute("BEGIN EXCLUSIVE");
            CompletableFuture<JournalEvent> retryable;
            CompletableFuture<JournalEvent> first;
            CompletableFuture<JournalEvent> second;
            try {
                first = journal.appendDeferrable(draft(EventKind.ACCESS, 1));
                retryable = journal.append(draft(EventKind.DEVICE, 1));
                second = journal.appendDeferrable(draft(EventKind.ACCESS, 2));

                ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                        ExecutionException.class, () -> retryable.get(30, TimeUnit.SECONDS));
                assertThat(refused.getCause())
                        .isInstanceOf(JournalException.class)
                        .hasMessageStartingWith("not durable");
                await().atMost(Duration.ofSeconds(30)).until(() -> journal.deferred() >= 2);
                assertThat(first).isNotDone();
                assertThat(second).isNotDone();
                assertThat(journal.diskAlarm()).startsWith("journal writes failing");
                assertThat(j.registry()
                                .get("courtyard.journal.deferred")
                                .gauge()
                                .value())
                        .isGreaterThanOrEqualTo(2);
            } finally {
                st.execute("ROLLBACK");
                locker.close();
            }

            JournalEvent a = first.get(30, TimeUnit.SECONDS);
            JournalEvent b = second.get(30, TimeUnit.SECONDS);
            assertThat(b.seq()).isEqualTo(a.seq() + 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> journal.diskAlarm() == null);
            assertThat(journal.deferred()).isZero();

            List<JournalEvent> all = j.source("mqtt").next(100, 0);
            assertThat(all).extracting(JournalEvent::event).doesNotContain(SampleEvents.numbered(EventKind.DEVICE, 1));
            List<JournalEvent> alarms =
                    all.stream().filter(e -> e.kind() == EventKind.ALARM).toList();
            assertThat(alarms).extracting(JournalEvent::body).hasSize(2);
            assertThat(alarms.get(0).body()).contains("\"state\":\"raised\"").contains("journal writes failing");
            assertThat(alarms.get(0).seq())
                    .as("the raise, deferred behind the events it followed")
                    .isGreaterThan(b.seq());
            assertThat(alarms.get(1).body()).contains("\"state\":\"cleared\"");
            assertThat(alarms.get(0).receivedAt()).isBefore(alarms.get(1).receivedAt());
        }
    }

    private static EventDraft draft(EventKind kind, int n) {
        return EventDraft.at("north-gate", Instant.now(), SampleEvents.numbered(kind, n));
    }
}

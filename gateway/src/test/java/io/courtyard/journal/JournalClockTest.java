package io.courtyard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.event.EventKind;
import io.courtyard.testsupport.SampleEvents;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wall clock that jumps (NTP correcting a drifted RTC by an hour, back and forth) changes the
 * times events carry, never their order or identity: seqs follow appends, not timestamps.
 */
@Timeout(60)
class JournalClockTest {
    @TempDir
    Path dir;

    @Test
    void aClockJumpingBackwardsNeverReordersOrReusesSequenceNumbers() throws Exception {
        Instant t = Instant.parse("2026-03-02T08:00:00Z");
        // The injected clock: forward in small steps, then an hour back, then a day ahead, then back again.
        List<Instant> clock = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            Duration jump =
                    switch (i) {
                        case 100 -> Duration.ofHours(-1);
                        case 200 -> Duration.ofDays(1);
                        case 300 -> Duration.ofDays(-1).minusMinutes(30);
                        default -> Duration.ofMillis(10);
                    };
            t = t.plus(jump);
            clock.add(t);
        }
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            List<CompletableFuture<JournalEvent>> appends = new ArrayList<>();
            for (int i = 0; i < clock.size(); i++) {
                appends.add(j.journal()
                        .append(EventDraft.at("north-gate", clock.get(i), SampleEvents.numbered(EventKind.ACCESS, i))));
            }
            List<JournalEvent> durable = new ArrayList<>();
            for (CompletableFuture<JournalEvent> f : appends) {
                durable.add(f.get(10, TimeUnit.SECONDS));
            }

            for (int i = 0; i < durable.size(); i++) {
                assertThat(durable.get(i).seq()).as("append %d", i).isEqualTo(i + 1);
                assertThat(durable.get(i).receivedAt()).isEqualTo(clock.get(i));
            }
            assertThat(new HashSet<>(durable.stream().map(JournalEvent::id).toList()))
                    .hasSize(durable.size());
            assertThat(durable.get(100).receivedAt())
                    .as("the hour back")
                    .isBefore(durable.get(99).receivedAt());

            List<JournalEvent> forwarded = j.source("mqtt").next(1000, 0);
            assertThat(forwarded)
                    .as("upstream gets them in append order, times as they were")
                    .extracting(JournalEvent::body)
                    .containsExactlyElementsOf(
                            durable.stream().map(JournalEvent::body).toList());
        }
        // And after a restart the next number follows the last, whatever the clock says now.
        try (TestJournal j = TestJournal.open(dir)) {
            assertThat(j.journal()
                            .append(EventDraft.at("north-gate", Instant.EPOCH, SampleEvents.of(EventKind.ACCESS)))
                            .get(10, TimeUnit.SECONDS)
                            .seq())
                    .isEqualTo(401);
        }
    }
}

package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.courtyard.access.AccessService;
import io.courtyard.access.AccessSnapshot;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.ClockAlarm;
import io.courtyard.journal.event.EventKind;
import io.courtyard.runtime.ClockSync;
import io.courtyard.runtime.ClockSync.State;
import io.courtyard.testsupport.TestJournal;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An unsynchronised system clock is an alarm: journaled raised and cleared once each, and /health says degraded. */
@Timeout(30)
class ClockWatchTest {
    @TempDir
    Path dir;

    @Test
    void anUnsynchronisedClockRaisesOnceClearsOnceAndDegradesHealth() throws Exception {
        AtomicReference<ClockSync.Status> os =
                new AtomicReference<>(new ClockSync.Status(State.UNSYNCHRONISED, "timedatectl", "NTPSynchronized=no"));
        try (TestJournal j = TestJournal.open(dir, "mqtt")) {
            ClockWatch watch = new ClockWatch(
                    new ClockSync(List.of(() -> Optional.of(os.get()))), j.journal(), Duration.ofHours(1));
            AccessService access = mock(AccessService.class);
            AccessSnapshot list = mock(AccessSnapshot.class);
            when(access.snapshot()).thenReturn(list);
            when(list.version()).thenReturn(3L);
            Health health = new Health(
                    "test-site",
                    () -> Duration.ofSeconds(5),
                    j.journal(),
                    access,
                    watch::alarm,
                    Map.of("clock", watch::status));

            watch.check();
            watch.check(); // still unsynchronised: no second alarm
            assertThat(watch.alarm()).isEqualTo("system clock not synchronised (timedatectl: NTPSynchronized=no)");
            String body = body(health.response());
            assertThat(body)
                    .contains("\"status\":\"degraded\"")
                    .contains("\"clockAlarm\":\"system clock not synchronised (timedatectl: NTPSynchronized=no)\"")
                    .contains("\"clock\":{\"state\":\"UNSYNCHRONISED\",\"source\":\"timedatectl\"");
            assertThat(health.summary()).startsWith("site test-site degraded (system clock not synchronised");

            os.set(new ClockSync.Status(State.UNKNOWN, "none", "nobody could tell"));
            watch.check(); // unknown neither raises nor clears
            os.set(new ClockSync.Status(State.SYNCHRONISED, "timedatectl", "NTPSynchronized=yes"));
            watch.check();
            watch.check();
            assertThat(watch.alarm()).isNull();
            assertThat(body(health.response())).contains("\"status\":\"up\"").doesNotContain("clockAlarm");

            await().atMost(Duration.ofSeconds(10)).until(() -> j.journal().lastDurableSeq() >= 2);
            List<JournalEvent> events = j.source("mqtt").next(10, 0);
            assertThat(events).extracting(JournalEvent::kind).containsExactly(EventKind.ALARM, EventKind.ALARM);
            assertThat(events)
                    .extracting(JournalEvent::event)
                    .containsExactly(
                            new ClockAlarm(AlarmState.RAISED, "system clock not synchronised", "timedatectl"),
                            new ClockAlarm(AlarmState.CLEARED, null, "timedatectl"));
            assertThat(events.get(0).body())
                    .isEqualTo("{\"alarm\":\"clock\",\"state\":\"raised\",\"reason\":\"system clock not synchronised\","
                            + "\"source\":\"timedatectl\"}");
            assertThat(events.get(1).body())
                    .isEqualTo("{\"alarm\":\"clock\",\"state\":\"cleared\",\"source\":\"timedatectl\"}");
        }
    }

    private static String body(FullHttpResponse r) {
        try {
            return r.content().toString(StandardCharsets.UTF_8);
        } finally {
            r.release();
        }
    }
}

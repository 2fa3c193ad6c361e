package io.courtyard.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.FaultLifecycle;
import io.courtyard.journal.event.FaultLifecycle.Change;
import io.courtyard.journal.event.FaultLifecycle.Origin;
import io.courtyard.journal.event.FaultLifecycle.Severity;
import io.courtyard.journal.event.FaultLifecycle.State;
import io.courtyard.testsupport.FaultLog;
import io.courtyard.testsupport.SettableClock;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink-down fault, on a real journal and projection and the box's (settable) clock: nothing
 * within the hold, one major fault raised at the moment the uplink went down once the hold is
 * over, never a second while it stays down (a restarted watch included), cleared on reconnect.
 */
@Timeout(60)
class UplinkWatchTest {
    static final Instant T0 = Instant.parse("2026-10-12T01:00:00Z");

    @TempDir
    Path dir;

    FaultLog log;
    final AtomicBoolean up = new AtomicBoolean(true);

    @BeforeEach
    void open() throws Exception {
        log = FaultLog.open(dir, new SettableClock(T0));
    }

    @AfterEach
    void close() throws Exception {
        log.close();
    }

    UplinkWatch watch() {
        return new UplinkWatch(
                log.journal().database(),
                log.journal().journal()::append,
                log.types(),
                log.clock(),
                up::get,
                Duration.ofHours(1)); // its timer never fires here: the test drives each check
    }

    private List<Fault> uplinkFaults() throws Exception {
        return FaultQueries.list(
                        log.db(),
                        new FaultQueries.Filter("gateway", FaultTypes.UPLINK_DOWN, null, null, null, null, false),
                        0,
                        10)
                .faults();
    }

    @Test
    void anUplinkDownLongerThanTheHoldIsOneMajorFaultFromWhenItWentDownClearedOnReconnect() throws Exception {
        Duration hold = log.types().uplinkDownHold();
        UplinkWatch watch = watch();
        watch.start();
        try {
            assertThat(watch.check()).as("up").isNull();
            up.set(false);
            assertThat(watch.check()).as("just went down").isNull();
            log.clock().set(T0.plus(hold).minusSeconds(1));
            assertThat(watch.check()).as("within the hold").isNull();
            log.clock().set(T0.plus(hold));
            assertThat(watch.check()).isEqualTo(Change.RAISED);
            assertThat(watch.check()).as("raised, not yet projected: not twice").isNull();
            // The watch's append is not awaited: wait for the projection to hold it.
            await().atMost(Duration.ofSeconds(20)).until(() -> uplinkFaults().size() == 1);
            log.settle();
            log.clock().set(T0.plus(hold).plus(Duration.ofMinutes(20)));
            assertThat(watch.check()).as("still down, fault open").isNull();
            UplinkWatch restarted = watch();
            restarted.start();
            try {
                Instant restart = T0.plus(hold).plus(Duration.ofMinutes(21));
                log.clock().set(restart);
                assertThat(restarted.check()).as("down, as it starts").isNull();
                log.clock().set(restart.plus(hold).plusSeconds(1));
                assertThat(restarted.check())
                        .as("a restarted watch, down longer than the hold, finds the open fault")
                        .isNull();
            } finally {
                restarted.stop();
            }

            List<Fault> faults = uplinkFaults();
            assertThat(faults).hasSize(1);
            Fault f = faults.get(0);
            assertThat(f.raisedAt()).as("when it went down").isEqualTo(T0);
            assertThat(f.severity()).isEqualTo(Severity.MAJOR);
            assertThat(f.state()).isEqualTo(State.OPEN);

            Instant back = T0.plus(hold).plus(Duration.ofMinutes(25));
            log.clock().set(back);
            up.set(true);
            assertThat(watch.check()).isEqualTo(Change.CLEARED);
            assertThat(watch.check())
                    .as("cleared, not yet projected: not twice")
                    .isNull();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> uplinkFaults().get(0).state() == State.CLEARED);
            log.settle();
            assertThat(watch.check()).isNull();
            f = uplinkFaults().get(0);
            assertThat(f.state()).isEqualTo(State.CLEARED);
            assertThat(f.clearedAt()).isEqualTo(back);
            assertThat(uplinkFaults()).hasSize(1);
        } finally {
            watch.stop();
        }
        List<FaultLifecycle> journaled = new ArrayList<>();
        JournalReader.unacknowledged(log.db(), TestJournal.SITE, "nobody-reads-this", (JournalEvent je) -> {
            if (je.event() instanceof FaultLifecycle l && l.type().equals(FaultTypes.UPLINK_DOWN)) {
                journaled.add(l);
                assertThat(je.deviceId()).isEqualTo("gateway");
            }
        });
        assertThat(journaled)
                .extracting(FaultLifecycle::change, FaultLifecycle::origin)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Change.RAISED, Origin.WATCH),
                        org.assertj.core.groups.Tuple.tuple(Change.CLEARED, Origin.WATCH));
    }
}

package io.courtyard.device.lpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.access.AccessService;
import io.courtyard.access.Decision;
import io.courtyard.access.PlateDecision;
import io.courtyard.access.PlateRequest;
import io.courtyard.access.Reason;
import io.courtyard.access.StateChange;
import io.courtyard.device.lpr.push.Answer;
import io.courtyard.device.lpr.push.PlateRead;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalException;
import io.courtyard.runtime.Threads;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.HashedWheelTimer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The barrier desk against a journal whose commit the test holds: an answer only once the read's
 * event is durable; at the camera's timeout a grant is answered shut, taken back and journaled as
 * withheld (or opened, when the barrier opens on fault); a read the journal refuses is "not
 * recorded" and decided anew when it comes back; replays wait for the journal and never open.
 */
@Timeout(30)
class BarrierDeskTest {
    @TempDir
    Path dir;

    private final HashedWheelTimer timer = new HashedWheelTimer(Threads.named("t", true), 5, TimeUnit.MILLISECONDS);
    private final List<EventDraft> journaled = new CopyOnWriteArrayList<>();
    private final List<String> opened = new CopyOnWriteArrayList<>();
    private final List<StateChange> takenBack = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Object>> commits = new CopyOnWriteArrayList<>();
    private PlateDecision next = LprTestData.granted("京A12345");

    /** Decides {@link #next} and hands out a commit the test completes. */
    private final PlateDecider decider = new PlateDecider() {
        @Override
        public AccessService.RecordedRead decide(PlateRequest r, Function<PlateDecision, EventDraft> event) {
            PlateDecision d = replay(next, r.replay());
            journaled.add(event.apply(d));
            CompletableFuture<Object> f = new CompletableFuture<>();
            commits.add(f);
            return new AccessService.RecordedRead(d, f);
        }

        @Override
        public StateChange takeBack(Decision d, Instant decidedAt) {
            StateChange undo =
                    new StateChange(d.change().subject(), -1, d.change().area(), StateChange.Position.OUT);
            takenBack.add(undo);
            return undo;
        }
    };

    private BarrierDesk desk(PushLedger ledger) throws Exception {
        LprMetrics metrics = new LprMetrics(() -> 0, () -> 0);
        metrics.bindTo(new SimpleMeterRegistry());
        ImageStore images = new ImageStore(dir, Executors.newSingleThreadExecutor(), metrics);
        return new BarrierDesk(
                decider,
                d -> {
                    journaled.add(d);
                    return CompletableFuture.completedFuture(null);
                },
                ledger,
                metrics,
                timer,
                (cam, key) -> opened.add(key),
                images,
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        timer.stop();
    }

    @Test
    void theAnswerWaitsForTheReadsEventToBeDurable() throws Exception {
        BarrierDesk desk = desk(new PushLedger(100, Duration.ofDays(1)));
        Camera cam = LprTestData.entry(false, Duration.ofSeconds(5));

        CompletableFuture<Answer> a =
                desk.push(cam, LprTestData.read(1, "京A12345", 96, false), Instant.now(), System.nanoTime());

        Thread.sleep(100);
        assertThat(a).isNotDone();
        assertThat(opened).isEmpty();
        commits.get(0).complete(null);
        assertThat(a.join()).isEqualTo(Answer.open(Reason.GRANTED));
        assertThat(journaled).hasSize(1);
        assertThat(journaled.get(0).body()).contains("\"event\":\"plate-read\"", "\"open\":true");
        assertThat(opened).containsExactly("vzenith/VZ-1/1");
    }

    @Test
    void aGrantNotDurableBeforeTheCameraTimesOutIsAnsweredShutTakenBackAndJournaledAsWithheld() throws Exception {
        BarrierDesk desk = desk(new PushLedger(100, Duration.ofDays(1)));
        Camera cam = LprTestData.entry(false, Duration.ofMillis(400));
        long t0 = System.nanoTime();

        Answer a = desk.push(cam, LprTestData.read(1, "京A12345", 96, false), Instant.now(), t0)
                .join();

        long took = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        assertThat(a.kind()).isEqualTo(Answer.Kind.SHUT);
        assertThat(took).as("not before the deadline").isGreaterThanOrEqualTo(300L);
        assertThat(BarrierDesk.deadlineNanos(cam, 0))
                .as("a fifth of the camera's 400 ms is left for writing the answer")
                .isEqualTo(Duration.ofMillis(320).toNanos());
        assertThat(takenBack).hasSize(1);
        assertThat(journaled).hasSize(2);
        assertThat(journaled.get(1).body())
                .contains("\"event\":\"plate-withheld\"", "\"cause\":\"journal-timeout\"", "\"position\":\"out\"");
        // The event commits later: nothing more happens, and a repeat is answered as the read was.
        commits.get(0).complete(null);
        assertThat(opened).isEmpty();
        assertThat(desk.push(cam, LprTestData.read(1, "京A12345", 96, false), Instant.now(), System.nanoTime())
                        .join()
                        .opens())
                .isFalse();
    }

    @Test
    void aBarrierThatOpensOnFaultOpensAtTheDeadlineWithoutWaitingForTheJournal() throws Exception {
        BarrierDesk desk = desk(new PushLedger(100, Duration.ofDays(1)));
        Camera cam = LprTestData.entry(true, Duration.ofMillis(300));

        Answer a = desk.push(cam, LprTestData.read(1, "京A12345", 96, false), Instant.now(), System.nanoTime())
                .join();

        assertThat(a.opens()).isTrue();
        assertThat(takenBack).isEmpty();
        assertThat(opened).hasSize(1);
    }

    @Test
    void aReadTheJournalRefusesIsNotRecordedTakenBackAndDecidedAnewWhenItComesBack() throws Exception {
        BarrierDesk desk = desk(new PushLedger(100, Duration.ofDays(1)));
        Camera cam = LprTestData.entry(false, Duration.ofSeconds(5));
        PlateRead read = LprTestData.read(7, "京A12345", 96, false);

        CompletableFuture<Answer> a = desk.push(cam, read, Instant.now(), System.nanoTime());
        commits.get(0).completeExceptionally(new JournalException("disk full"));

        assertThat(a.join().kind()).isEqualTo(Answer.Kind.NOT_RECORDED);
        assertThat(takenBack).hasSize(1);
        CompletableFuture<Answer> retry = desk.push(cam, read, Instant.now(), System.nanoTime());
        assertThat(commits).as("decided anew").hasSize(2);
        commits.get(1).complete(null);
        assertThat(retry.join().opens()).isTrue();
    }

    @Test
    void aReplayWaitsForTheJournalHoweverLongAndNeverOpens() throws Exception {
        BarrierDesk desk = desk(new PushLedger(100, Duration.ofDays(1)));
        Camera cam = LprTestData.entry(true, Duration.ofMillis(200));

        CompletableFuture<Answer> a =
                desk.push(cam, LprTestData.read(3, "京A12345", 96, true), Instant.now(), System.nanoTime());

        Thread.sleep(400);
        assertThat(a)
                .as("no deadline for an offline record: the camera keeps it until answered")
                .isNotDone();
        commits.get(0).complete(null);
        assertThat(a.join().replay()).isTrue();
        assertThat(a.join().opens()).isFalse();
        assertThat(opened).isEmpty();
    }

    @Test
    void aRepeatGetsTheFirstAnswerButAStaleOneOrAnotherPlateUnderTheKeyOpensNothing() throws Exception {
        PushLedger ledger = new PushLedger(100, Duration.ofDays(1));
        BarrierDesk desk = desk(ledger);
        Camera cam = LprTestData.entry(false, Duration.ofSeconds(5));
        CompletableFuture<Answer> first =
                desk.push(cam, LprTestData.read(1, "京A12345", 96, false), Instant.now(), System.nanoTime());
        commits.get(0).complete(null);
        first.join();

        Answer repeat = desk.push(cam, LprTestData.read(1, "京A12345", 96, false), Instant.now(), System.nanoTime())
                .join();
        Answer forged = desk.push(cam, LprTestData.read(1, "京B67890", 96, false), Instant.now(), System.nanoTime())
                .join();
        long longAgo =
                System.nanoTime() - BarrierDesk.REOPEN_WINDOW.plusSeconds(1).toNanos();
        ledger.recorded("vzenith/VZ-1/2", "京A12345|96", longAgo, Answer.open(Reason.GRANTED));
        Answer stale = desk.push(cam, LprTestData.read(2, "京A12345", 96, false), Instant.now(), System.nanoTime())
                .join();
        Answer asReplay = desk.push(cam, LprTestData.read(1, "京A12345", 96, true), Instant.now(), System.nanoTime())
                .join();

        assertThat(repeat.opens()).isTrue();
        assertThat(forged.opens()).isFalse();
        assertThat(stale.opens()).isFalse();
        assertThat(asReplay.opens()).isFalse();
        assertThat(asReplay.replay())
                .as("sent again as an offline record: answered so it drains")
                .isTrue();
        assertThat(commits).as("decided and journaled once").hasSize(1);
        assertThat(opened).hasSize(1);
    }

    @Test
    void aCameraClockFarFromOursIsNotTrustedForALiveRead() throws Exception {
        BarrierDesk desk = desk(new PushLedger(100, Duration.ofDays(1)));
        Instant now = Instant.parse("2026-03-02T02:00:00Z");
        PlateRead live = LprTestData.read(1, "京A12345", 96, false);
        assertThat(desk.trustedTime(live, now)).isEqualTo(live.cameraTime());
        assertThat(desk.trustedTime(live, now.plus(Duration.ofHours(1)))).isEqualTo(now.plus(Duration.ofHours(1)));
        PlateRead replay = LprTestData.read(1, "京A12345", 96, true);
        assertThat(desk.trustedTime(replay, now.plus(Duration.ofDays(2))))
                .as("a replay keeps its old time")
                .isEqualTo(replay.cameraTime());
        assertThat(desk.trustedTime(replay, now.minus(Duration.ofHours(1))))
                .as("but never one in the future")
                .isEqualTo(now.minus(Duration.ofHours(1)));
    }

    private static PlateDecision replay(PlateDecision d, boolean replay) {
        if (!replay) {
            return d;
        }
        Decision x = d.decision();
        return new PlateDecision(
                new Decision(
                        x.reason(),
                        x.device(),
                        x.direction(),
                        x.credential(),
                        x.subject(),
                        x.holder(),
                        x.holderKind(),
                        x.household(),
                        io.courtyard.access.Actuation.NONE,
                        x.rule(),
                        x.change(),
                        x.aclVersion()),
                d.match(),
                d.read());
    }
}

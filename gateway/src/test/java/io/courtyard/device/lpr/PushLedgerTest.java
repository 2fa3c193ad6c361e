package io.courtyard.device.lpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.access.Reason;
import io.courtyard.device.lpr.push.Answer;
import io.courtyard.device.lpr.push.PlateRead;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ledger of answered reads: claims, bounds, and its rebuild from the journal after a restart. */
@Timeout(60)
class PushLedgerTest {
    @TempDir
    Path dir;

    @Test
    void theFirstPushOfAKeyIsDecidedAndARepeatFindsItsEntry() {
        PushLedger ledger = new PushLedger(10, Duration.ofDays(1));
        PushLedger.Claim first = ledger.claim("k1", "京A12345|96", System.nanoTime());
        PushLedger.Claim again = ledger.claim("k1", "京A12345|96", System.nanoTime());

        assertThat(first.first()).isTrue();
        assertThat(again.first()).isFalse();
        assertThat(again.entry()).isSameAs(first.entry());
    }

    @Test
    void anAnsweredReadIsKeptWithItsAnswerAndComparedByPlateAndConfidence() {
        PushLedger ledger = new PushLedger(10, Duration.ofDays(1));
        PlateRead read = LprTestData.read(7, "京A12345", 96, false);
        PushLedger.Claim first = ledger.claim("k7", read.fingerprint(), System.nanoTime());
        first.entry().answer().complete(Answer.open(Reason.GRANTED));

        PushLedger.Claim again = ledger.claim("k7", read.fingerprint(), System.nanoTime());

        assertThat(again.first()).isFalse();
        assertThat(again.entry().answer()).isCompletedWithValue(Answer.open(Reason.GRANTED));
        assertThat(again.entry().receivedNanos()).isEqualTo(first.entry().receivedNanos());
        assertThat(ledger.sameRead(again.entry(), read)).isTrue();
        assertThat(ledger.sameRead(again.entry(), LprTestData.read(7, "京A12346", 96, false)))
                .as("another plate")
                .isFalse();
        assertThat(ledger.sameRead(again.entry(), LprTestData.read(7, "京A12345", 95, false)))
                .as("another confidence")
                .isFalse();
        assertThat(ledger.size()).isEqualTo(1);
        assertThat(ledger.pending()).as("answered: kept as digests only").isZero();
    }

    @Test
    void aReadThatWasNotRecordedIsLetGoWhenAnsweredOrForgottenAfterItsAnswer() {
        PushLedger ledger = new PushLedger(10, Duration.ofDays(1));
        PushLedger.Claim refused = ledger.claim("k1", "x", System.nanoTime());
        refused.entry().answer().complete(Answer.notRecorded(false));
        assertThat(ledger.claim("k1", "x", System.nanoTime()).first())
                .as("not recorded: a retry is a new read")
                .isTrue();

        // Answered shut at the camera's deadline, then the journal refused it after all.
        PushLedger.Claim late = ledger.claim("k2", "x", System.nanoTime());
        late.entry().answer().complete(Answer.shut(null, false));
        ledger.forget("k2", late.entry());
        assertThat(ledger.claim("k2", "x", System.nanoTime()).first()).isTrue();

        // A handle on a read already replaced lets nothing else go.
        PushLedger.Claim current = ledger.claim("k3", "x", System.nanoTime());
        current.entry().answer().complete(Answer.open(Reason.GRANTED));
        ledger.forget("k3", late.entry());
        ledger.forget("k2", refused.entry());
        assertThat(ledger.claim("k3", "x", System.nanoTime()).first()).isFalse();
        assertThat(ledger.size()).isEqualTo(3);
    }

    @Test
    void aForgottenReadIsDecidedAnewAndTheOldestGoBeyondTheBound() {
        PushLedger ledger = new PushLedger(3, Duration.ofDays(1));
        PushLedger.Claim c = ledger.claim("k0", "x", System.nanoTime());
        ledger.forget("k0", c.entry());
        assertThat(ledger.claim("k0", "x", System.nanoTime()).first()).isTrue();
        for (int i = 1; i <= 5; i++) {
            ledger.claim("k" + i, "x", System.nanoTime());
        }
        assertThat(ledger.size()).isEqualTo(3);
        assertThat(ledger.pending())
                .as("answers never completed are bounded too")
                .isEqualTo(3);
        assertThat(ledger.claim("k1", "x", System.nanoTime()).first())
                .as("k1 was trimmed")
                .isTrue();
    }

    @Test
    void entriesOlderThanTheWindowAreForgotten() {
        PushLedger ledger = new PushLedger(10, Duration.ofSeconds(1));
        long then = System.nanoTime() - Duration.ofSeconds(5).toNanos();
        ledger.claim("old", "x", then);
        assertThat(ledger.claim("old", "x", System.nanoTime()).first()).isTrue();
    }

    @Test
    void aRestartRemembersEachRecordedReadWithItsAnswerAndAWithheldOneAsShut() throws Exception {
        Camera cam = LprTestData.entry(false, Duration.ofSeconds(1));
        Instant now = Instant.now();
        try (TestJournal j = TestJournal.open(dir)) {
            PlateRead opened = LprTestData.read(1000, "京A12345", 96, false);
            PlateRead withheld = LprTestData.read(1001, "京B67890", 91, false);
            for (PlateRead r : new PlateRead[] {opened, withheld}) {
                j.journal()
                        .append(LprEvents.plateRead(
                                cam, r, r.key("VZ-1"), LprTestData.granted(r.plate()), now, now, true))
                        .get(10, TimeUnit.SECONDS);
            }
            j.journal()
                    .append(LprEvents.withheld(cam, withheld.key("VZ-1"), "journal-timeout", null, now, now))
                    .get(10, TimeUnit.SECONDS);
        }
        PushLedger ledger = new PushLedger(100, Duration.ofDays(7));
        try (TestJournal j = TestJournal.open(dir);
                Connection c = j.database().connect()) {
            SeenPushes.Loaded loaded = SeenPushes.load(c, Set.of("east-entry"), ledger, Duration.ofDays(7), 100, now);
            assertThat(loaded.reads()).isEqualTo(2);
        }

        PushLedger.Claim repeat = ledger.claim("vzenith/VZ-1/1000", "ignored", System.nanoTime());
        PushLedger.Claim repeatWithheld = ledger.claim("vzenith/VZ-1/1001", "ignored", System.nanoTime());

        assertThat(repeat.first()).isFalse();
        assertThat(repeat.entry().answer().join()).isEqualTo(Answer.open(Reason.GRANTED));
        assertThat(ledger.sameRead(repeat.entry(), LprTestData.read(1000, "京A12345", 96, false)))
                .isTrue();
        assertThat(ledger.sameRead(repeat.entry(), LprTestData.read(1000, "京B67890", 96, false)))
                .as("another plate under the same key")
                .isFalse();
        assertThat(repeatWithheld.entry().answer().join().opens()).isFalse();
    }
}

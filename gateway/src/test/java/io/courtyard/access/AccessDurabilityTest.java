package io.courtyard.access;

import static io.courtyard.access.AccessFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.event.EventKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Low item: an entry of a limited visitor pass must be on disk before the door opens, or a crash in
 * the commit window makes a single-use pass reusable; every other decision still answers from memory.
 */
@Timeout(60)
class AccessDurabilityTest {
    private static final Instant MON_10 = at("2026-03-02T10:00");

    @TempDir
    Path dir;

    private static AccessRequest visitorCode() {
        return AccessRequest.typed("north-gate", CODE_V1, MON_10);
    }

    @Test
    void aSingleUsePassOpensOnlyOnceItsEntryIsDurableAndStaysUsedAfterARestart() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, MON_10)) {
            rig.hold();

            CompletableFuture<Decision> entry = rig.service.decideDurably(visitorCode());
            CompletableFuture<Decision> resident =
                    rig.service.decideDurably(AccessRequest.of("north-gate", CARD_R1, MON_10));

            assertThat(resident)
                    .as("a credential without limited uses never waits for the disk")
                    .isCompletedWithValueMatching(d -> d.reason() == Reason.GRANTED);
            assertThat(entry).as("no answer, so no strike, before the commit").isNotDone();
            rig.release();
            assertThat(entry.get(10, TimeUnit.SECONDS).reason()).isEqualTo(Reason.GRANTED);
        }
        try (AccessServiceRig restarted = new AccessServiceRig(dir, MON_10)) {
            assertThat(restarted.service.state().uses("v1")).isEqualTo(1);
            assertThat(restarted
                            .service
                            .decideDurably(visitorCode())
                            .get(10, TimeUnit.SECONDS)
                            .reason())
                    .isEqualTo(Reason.PASS_USED_UP);
        }
    }

    @Test
    void anEntryTheJournalCannotCommitIsRefusedGivenBackAndUsableOnceTheDiskIsRepaired() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, MON_10)) {
            rig.failCommits();

            Decision d = rig.service.decideDurably(visitorCode()).get(10, TimeUnit.SECONDS);

            assertThat(d.reason()).isEqualTo(Reason.NOT_RECORDED);
            assertThat(d.actuation()).isEqualTo(Actuation.NONE);
            assertThat(d.rule()).contains("given back");
            assertThat(rig.service.state().uses("v1"))
                    .as("the door stayed shut: the entry is not spent")
                    .isZero();
            assertThat(rig.service.decideDurably(AccessRequest.of("north-gate", CARD_R1, MON_10)))
                    .as("residents pass while the disk is full")
                    .isCompletedWithValueMatching(Decision::granted);

            rig.repairDisk();
            assertThat(rig.service
                            .decideDurably(visitorCode())
                            .get(10, TimeUnit.SECONDS)
                            .reason())
                    .isEqualTo(Reason.GRANTED);
            assertThat(rig.events(EventKind.ACCESS)).extracting(e -> e[1]).anySatisfy(b -> assertThat(b)
                    .contains("\"reason\":\"granted\"", "\"uses\":1"));
        }
    }

    @Test
    void anEntryNotDurableInTimeIsRefusedAndStaysCountedSinceTheCommitMayStillLand() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, MON_10)) {
            rig.hold();

            Decision d = rig.service
                    .decideDurably(visitorCode())
                    .get(AccessService.DURABLE_WAIT.toMillis() + 5_000, TimeUnit.MILLISECONDS);

            assertThat(d.reason()).isEqualTo(Reason.NOT_RECORDED);
            assertThat(d.rule()).contains("stays counted");
            assertThat(rig.service.state().uses("v1")).isEqualTo(1);
        }
    }
}

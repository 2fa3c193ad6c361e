package io.courtyard.access;

import static io.courtyard.access.AccessFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.access.StateChange.Position;
import io.courtyard.access.VehiclePermit.Space;
import io.courtyard.config.ConfigException;
import io.courtyard.config.ConfigLoader;
import io.courtyard.journal.JournalEvent;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plate reads at the fixture's barriers, whose main-lot (capacity 2, hard anti-passback) has a
 * confidence threshold of 80 and a confusion rule above 90: matching (exact after folding, near
 * under the rule, ambiguous near matches refused), the low-confidence reason, and camera replays,
 * which change state as of their time, never actuate, and never move a position back.
 */
@Timeout(60)
class PlateDecisionTest {
    private static final Instant T0800 = at("2026-03-02T08:00");
    private static final Instant T0900 = at("2026-03-02T09:00");
    private static final Instant T0930 = at("2026-03-02T09:30");
    private static final Instant MON_10 = at("2026-03-02T10:00");

    @TempDir
    Path dir;

    private static SiteLayout strictSite() {
        String yaml = CONFIG.replace(
                        "cameraSerial: CAM-1}",
                        "cameraSerial: CAM-1, plates: {minConfidence: 80, nearMatch: {minConfidence: 90}}}")
                .replace(
                        "cameraSerial: CAM-2}",
                        "cameraSerial: CAM-2, plates: {minConfidence: 80, nearMatch: {minConfidence: 90}}}");
        try {
            return SiteLayout.of(ConfigLoader.parse(Path.of("fixture.yaml"), yaml));
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static AccessEngine engine(AccessList list) {
        return new AccessEngine(AccessSnapshot.build(list, strictSite()), new AccessState());
    }

    private static PlateDecision live(AccessEngine e, String barrier, String plate, int confidence, Instant at) {
        return e.decidePlate(new PlateRequest(barrier, plate, confidence, at, false));
    }

    private static PlateDecision replay(AccessEngine e, String barrier, String plate, Instant at) {
        return e.decidePlate(new PlateRequest(barrier, plate, 95, at, true));
    }

    @Test
    void aResidentPlateReadAsCamerasWriteItIsAnExactMatchAndRaisesTheBarrier() {
        PlateDecision d = live(engine(list()), "east-entry", "京ａ·12345", 96, MON_10);

        assertEquals(Reason.GRANTED, d.decision().reason(), d::toString);
        assertEquals(PlateDecision.Match.EXACT, d.match());
        assertEquals(PLATE_P1, d.read());
        assertEquals("p1", d.decision().subject());
        assertTrue(d.decision().actuation() instanceof Actuation.RaiseBarrier);
    }

    @Test
    void aReadBelowTheBarriersConfidenceIsDeniedWithItsOwnReasonEvenForAListedPlate() {
        PlateDecision d = live(engine(list()), "east-entry", "京A12345", 79, MON_10);

        assertEquals(Reason.LOW_CONFIDENCE, d.decision().reason());
        assertEquals(PlateDecision.Match.NONE, d.match());
        assertNull(d.decision().subject(), "a doubtful read is attributed to nobody");
        assertTrue(d.decision().actuation() instanceof Actuation.None);
        assertTrue(d.decision().rule().contains("79, below 80"), d.decision()::rule);
    }

    @Test
    void noPlateAndAForeignTextAreInvalidCredentials() {
        AccessEngine e = engine(list());
        assertEquals(
                Reason.INVALID_CREDENTIAL,
                live(e, "east-entry", null, 0, MON_10).decision().reason());
        PlateDecision foreign = live(e, "east-entry", "ABC123", 99, MON_10);
        assertEquals(Reason.INVALID_CREDENTIAL, foreign.decision().reason());
        assertNull(foreign.read());
    }

    @Test
    void oneConfusableCharacterAboveTheNearMatchConfidenceMatchesAndTheRuleSaysSo() {
        // 京AD12345 is permit p2; the camera read the D as 0.
        PlateDecision d = live(engine(list()), "east-entry", "京A012345", 95, MON_10);

        assertEquals(Reason.GRANTED, d.decision().reason(), d::toString);
        assertEquals(PlateDecision.Match.NEAR, d.match());
        assertEquals(PLATE_P2, d.decision().credential());
        assertEquals("p2", d.decision().subject());
        assertTrue(
                d.decision().rule().contains("near match")
                        && d.decision().rule().contains("D/0"),
                d::toString);
    }

    @Test
    void aNearMatchBelowItsOwnConfidenceMatchesNothing() {
        PlateDecision d = live(engine(list()), "east-entry", "京A012345", 85, MON_10);

        assertEquals(PlateDecision.Match.NONE, d.match());
        assertEquals(Reason.INVALID_CREDENTIAL, d.decision().reason(), "京A012345 is no plate");
    }

    @Test
    void theProvinceCharacterNeverTakesPartInANearMatch() {
        // 粤B12345D is permit p4; 粤8... is a near match, but 沪 for 粤 is another car.
        AccessEngine e = engine(list());
        assertEquals(
                PlateDecision.Match.NEAR,
                live(e, "east-entry", "粤812345D", 95, MON_10).match());
        assertEquals(
                Reason.UNKNOWN_CREDENTIAL,
                live(e, "east-entry", "沪B12345D", 99, MON_10).decision().reason());
    }

    @Test
    void twoListedPlatesOneLookAlikeAwayAreAmbiguousAndMatchNobody() {
        AccessList base = list();
        Map<String, VehiclePermit> permits = new LinkedHashMap<>(base.permits());
        for (String[] p : new String[][] {{"pa", "京AB234D"}, {"pb", "京A82340"}}) {
            permits.put(
                    p[0],
                    new VehiclePermit(
                            p[0],
                            "r3",
                            CredentialKey.plate(p[1]),
                            "main-lot",
                            Space.NONE,
                            "S-" + p[0],
                            false,
                            Validity.ALWAYS,
                            Status.ACTIVE));
        }
        AccessList list = new AccessList(
                2,
                base.issuedAt(),
                base.holders(),
                base.credentials(),
                base.passes(),
                permits,
                base.groups(),
                base.schedules(),
                base.calendar());

        PlateDecision d = live(engine(list), "east-entry", "京A8234D", 99, MON_10);

        assertEquals(PlateDecision.Match.NONE, d.match());
        assertEquals(Reason.UNKNOWN_CREDENTIAL, d.decision().reason());
    }

    @Test
    void aReplayedEntryOlderThanALaterExitNeverFlipsThePositionBack() {
        AccessEngine e = engine(list());
        PlateDecision exit = live(e, "east-exit", "京A12345", 95, T0900);
        assertEquals(Position.OUT, e.state().position("permit:p1", "zone:main-lot"));

        PlateDecision old = replay(e, "east-entry", "京A12345", T0800);

        assertTrue(exit.decision().granted());
        assertEquals(Reason.GRANTED, old.decision().reason(), old::toString);
        assertTrue(old.decision().actuation() instanceof Actuation.None, "a replay never actuates");
        assertNull(old.decision().change(), "nothing recorded: the later exit stands");
        assertTrue(old.decision().rule().contains("position kept"), old.decision()::rule);
        assertEquals(Position.OUT, e.state().position("permit:p1", "zone:main-lot"));
        assertEquals(0, e.state().occupancy("main-lot"));
    }

    @Test
    void aReplayNewerThanThePositionIsProjectedButStillActuatesNothing() {
        AccessEngine e = engine(list());
        live(e, "east-exit", "京A12345", 95, T0900);

        PlateDecision d = replay(e, "east-entry", "京A12345", T0930);

        assertEquals(Reason.GRANTED, d.decision().reason());
        assertTrue(d.decision().actuation() instanceof Actuation.None);
        assertEquals(Position.IN, d.decision().change().position());
        assertEquals(Position.IN, e.state().position("permit:p1", "zone:main-lot"));
        assertEquals(1, e.state().occupancy("main-lot"));
    }

    @Test
    void aReplayUnderHardAntiPassbackIsDecidedAsALiveReadWouldBe() {
        AccessEngine e = engine(list());
        live(e, "east-entry", "京A12345", 95, T0800);

        PlateDecision d = replay(e, "east-entry", "京A12345", T0900);

        assertEquals(Reason.ANTI_PASSBACK, d.decision().reason());
        assertEquals(1, e.state().occupancy("main-lot"));
    }

    @Test
    void takingBackAGrantLeavesTheCarOnTheSideItCameFromAndFreesItsSpace() {
        AccessEngine e = engine(list());
        PlateDecision in = live(e, "east-entry", "京A12345", 95, T0800);
        assertEquals(1, e.state().occupancy("main-lot"));

        StateChange undo = e.state().takeBack(in.decision().change(), T0800);

        assertEquals(Position.OUT, undo.position());
        assertEquals(Position.OUT, e.state().position("permit:p1", "zone:main-lot"));
        assertEquals(0, e.state().occupancy("main-lot"));
        // The car tries again and gets in: the refused opening did not count as an entry.
        assertEquals(
                Reason.GRANTED,
                live(e, "east-entry", "京A12345", 95, T0900).decision().reason());
        assertNull(
                e.state().takeBack(in.decision().change(), T0800),
                "a later decision moved the position again: nothing to take back");
    }

    @Test
    void positionsKeepTheirTimeAcrossARestartSoAnOlderReplayStillCannotMoveThem() throws Exception {
        try (TestJournal j = TestJournal.open(dir, AccessStateStore.SINK)) {
            AccessEngine e = engine(list());
            PlateDecision exit = live(e, "east-exit", "京A12345", 95, T0900);
            j.journal()
                    .append(AccessEvents.decided(exit.decision(), T0900, T0900))
                    .get(10, TimeUnit.SECONDS);
            // Project it as the gateway's projector would, then acknowledge.
            try (Connection c = j.database().connect()) {
                AccessStateStore.project(
                        c,
                        AccessStateStore.effect(new JournalEvent(
                                1,
                                "test-1",
                                "east-exit",
                                T0900,
                                T0900,
                                AccessEvents.decided(exit.decision(), T0900, T0900)
                                        .event())));
            }
        }
        try (TestJournal j = TestJournal.open(dir, AccessStateStore.SINK);
                Connection c = j.database().connect()) {
            AccessState restored = new AccessState();
            AccessStateStore.load(c, "test", restored);
            AccessEngine e = new AccessEngine(AccessSnapshot.build(list(), strictSite()), restored);

            PlateDecision old = replay(e, "east-entry", "京A12345", T0800);

            assertNull(old.decision().change());
            assertEquals(Position.OUT, restored.position("permit:p1", "zone:main-lot"));
        }
    }
}

package io.courtyard.access;

import static io.courtyard.access.AccessFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.event.EventKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anti-passback positions that expire (per gate pair and per parking zone) and an operator reset
 * for a holder, a zone or both, journaled so that a restart keeps it.
 */
@Timeout(60)
class AntiPassbackResetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant MON_10 = at("2026-03-02T10:00");

    @TempDir
    Path dir;

    /** The lobby pair forgets after 1 h, the main lot after 2 h. */
    static GatewayConfig expiring() {
        return config(CONFIG.replace(
                        "{id: lobby, entry: turnstile-in, exit: turnstile-out, mode: hard}",
                        "{id: lobby, entry: turnstile-in, exit: turnstile-out, mode: hard, positionExpiry: 1h}")
                .replace(
                        "{id: main-lot, capacity: 2, antiPassback: hard}",
                        "{id: main-lot, capacity: 2, antiPassback: hard, positionExpiry: 2h}"));
    }

    private static AccessEngine engine(GatewayConfig config) {
        return new AccessEngine(AccessSnapshot.build(list(), SiteLayout.of(config)), new AccessState());
    }

    private static Reason decide(AccessEngine e, String device, CredentialKey c, Instant at) {
        return e.decide(AccessRequest.of(device, c, at)).reason();
    }

    @Test
    void aGatePairPositionExpiresAfterThePairsExpiry() {
        AccessEngine e = engine(expiring());

        assertThat(decide(e, "turnstile-in", CARD_R1, MON_10)).isEqualTo(Reason.GRANTED);
        assertThat(decide(e, "turnstile-in", CARD_R1, MON_10.plus(Duration.ofMinutes(59))))
                .isEqualTo(Reason.ANTI_PASSBACK);
        assertThat(decide(e, "turnstile-in", CARD_R1, MON_10.plus(Duration.ofMinutes(60))))
                .as("an exit nobody saw is forgiven after an hour")
                .isEqualTo(Reason.GRANTED);
    }

    @Test
    void withoutAnExpiryAPositionLastsUntilTheNextPass() {
        AccessEngine e = engine(config());

        assertThat(decide(e, "turnstile-in", CARD_R1, MON_10)).isEqualTo(Reason.GRANTED);
        assertThat(decide(e, "turnstile-in", CARD_R1, MON_10.plus(Duration.ofDays(30))))
                .isEqualTo(Reason.ANTI_PASSBACK);
    }

    @Test
    void anExpiredVehicleLeavesTheOccupancyOnceAndOnlyOnce() {
        AccessEngine e = engine(expiring());
        SiteLayout site = SiteLayout.of(expiring());
        Instant eight = at("2026-03-02T08:00");
        assertThat(decide(e, "east-entry", PLATE_P2, eight)).isEqualTo(Reason.GRANTED);
        assertThat(decide(e, "east-entry", PLATE_S1, eight.plusSeconds(600))).isEqualTo(Reason.GRANTED);
        assertThat(decide(e, "east-entry", PLATE_P4, eight.plusSeconds(1200))).isEqualTo(Reason.ZONE_FULL);

        // P2's entry is 2 h old at 10:05; the sweep drops it and frees its space.
        assertThat(e.state().expire(eight.plus(Duration.ofMinutes(125)), site::expiryMillis))
                .isEqualTo(1);
        assertThat(e.state().occupancy("main-lot")).isEqualTo(1);
        assertThat(decide(e, "east-entry", PLATE_P4, eight.plus(Duration.ofMinutes(126))))
                .isEqualTo(Reason.GRANTED);
        // S1 expires unswept: its next entry finds its position stale and takes one space, not two.
        assertThat(decide(e, "east-exit", PLATE_P4, eight.plus(Duration.ofMinutes(127))))
                .isEqualTo(Reason.GRANTED);
        assertThat(decide(e, "east-entry", PLATE_S1, eight.plus(Duration.ofMinutes(131))))
                .isEqualTo(Reason.GRANTED);
        assertThat(e.state().occupancy("main-lot")).isEqualTo(1);
    }

    @Test
    void anOperatorResetClearsOneHoldersPositionIsJournaledAndSurvivesARestart() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, MON_10)) {
            AccessService s = rig.service;
            assertThat(s.decide(AccessRequest.of("turnstile-in", CARD_R1, MON_10))
                            .reason())
                    .isEqualTo(Reason.GRANTED);
            assertThat(s.decide(AccessRequest.of("turnstile-in", CARD_S1, MON_10))
                            .reason())
                    .isEqualTo(Reason.GRANTED);
            assertThat(s.decide(AccessRequest.of("turnstile-in", CARD_R1, MON_10.plusSeconds(60)))
                            .reason())
                    .isEqualTo(Reason.ANTI_PASSBACK);

            int cleared = s.resetAntiPassback("holder:r1", "pair:lobby", "operator:wang")
                    .get(10, TimeUnit.SECONDS);

            assertThat(cleared).isEqualTo(1);
            assertThat(s.state().position("holder:r1", "pair:lobby")).isNull();
            assertThat(s.state().position("holder:s1", "pair:lobby"))
                    .as("another holder keeps theirs")
                    .isEqualTo(StateChange.Position.IN);
            // The journal's writer commits on its own thread: wait for the reset's event to be in the file.
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> rig.events(EventKind.ACCESS).stream().anyMatch(e -> e[1].contains("\"reset\"")));
            List<String[]> access = rig.events(EventKind.ACCESS);
            JsonNode reset = JSON.readTree(access.get(access.size() - 1)[1]);
            assertThat(reset.path("reset").asText()).isEqualTo("anti-passback");
            assertThat(reset.path("subject").asText()).isEqualTo("holder:r1");
            assertThat(reset.path("area").asText()).isEqualTo("pair:lobby");
            assertThat(reset.path("source").asText()).isEqualTo("operator:wang");
            assertThat(reset.path("cleared").asInt()).isEqualTo(1);
        }
        try (AccessServiceRig restarted = new AccessServiceRig(dir, MON_10)) {
            assertThat(restarted.service.state().position("holder:r1", "pair:lobby"))
                    .isNull();
            assertThat(restarted.service.state().position("holder:s1", "pair:lobby"))
                    .isEqualTo(StateChange.Position.IN);
            assertThat(restarted
                            .service
                            .decide(AccessRequest.of("turnstile-in", CARD_R1, MON_10.plusSeconds(120)))
                            .reason())
                    .isEqualTo(Reason.GRANTED);
        }
    }

    @Test
    void aZoneResetEmptiesItsOccupancy() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, MON_10)) {
            AccessService s = rig.service;
            s.decide(AccessRequest.of("east-entry", PLATE_P2, MON_10));
            s.decide(AccessRequest.of("east-entry", PLATE_S1, MON_10));
            assertThat(s.state().occupancy("main-lot")).isEqualTo(2);

            assertThat(s.resetAntiPassback(null, "zone:main-lot", "operator:wang")
                            .get(10, TimeUnit.SECONDS))
                    .isEqualTo(2);

            assertThat(s.state().occupancy("main-lot")).isZero();
        }
        try (AccessServiceRig restarted = new AccessServiceRig(dir, MON_10)) {
            assertThat(restarted.service.state().occupancy("main-lot")).isZero();
        }
    }

    @Test
    void aResetMustNameAKnownAreaOrASubject() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, MON_10)) {
            assertThatThrownBy(() -> rig.service.resetAntiPassback(null, null, "operator:wang"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> rig.service.resetAntiPassback("holder:r1", "pair:nowhere", "operator:wang"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("pair:nowhere");
            assertThatThrownBy(() -> rig.service.resetAntiPassback("r1", null, "operator:wang"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("holder:ID");
        }
    }

    @Test
    void positionsKeepTheirTimeAcrossARestartAndExpireThen() throws Exception {
        try (AccessServiceRig rig = new AccessServiceRig(dir, expiring(), MON_10)) {
            assertThat(rig.service
                            .decide(AccessRequest.of("turnstile-in", CARD_R1, MON_10))
                            .reason())
                    .isEqualTo(Reason.GRANTED);
        }
        try (AccessServiceRig soon = new AccessServiceRig(dir, expiring(), MON_10.plus(Duration.ofMinutes(30)))) {
            assertThat(soon.service.state().position("holder:r1", "pair:lobby")).isEqualTo(StateChange.Position.IN);
        }
        try (AccessServiceRig later = new AccessServiceRig(dir, expiring(), MON_10.plus(Duration.ofMinutes(61)))) {
            assertThat(later.service.state().position("holder:r1", "pair:lobby"))
                    .as("dropped at startup: an hour old")
                    .isNull();
        }
    }
}

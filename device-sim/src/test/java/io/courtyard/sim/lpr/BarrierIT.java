package io.courtyard.sim.lpr;

import static io.courtyard.sim.testsupport.LprRig.GEN_ADDRESS;
import static io.courtyard.sim.testsupport.LprRig.GEN_OUT;
import static io.courtyard.sim.testsupport.LprRig.GEN_SECRET;
import static io.courtyard.sim.testsupport.LprRig.HK_ADDRESS;
import static io.courtyard.sim.testsupport.LprRig.RESERVED;
import static io.courtyard.sim.testsupport.LprRig.RESIDENT;
import static io.courtyard.sim.testsupport.LprRig.RESIDENT_2;
import static io.courtyard.sim.testsupport.LprRig.VISITOR;
import static io.courtyard.sim.testsupport.LprRig.VZ_IN;
import static io.courtyard.sim.testsupport.LprRig.VZ_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.courtyard.sim.testsupport.LprRig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1 over real sockets: the real gateway (camera listener, access engine, journal on a
 * SQLite state directory) against the simulator's Vzenith, Hikvision and generic camera emulators;
 * one test per behaviour.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BarrierIT {
    @TempDir
    Path dir;

    private LprRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = LprRig.start(dir);
    }

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void aResidentCarIsLetInAndOutAndTheDisplayGreetsIt() throws Exception {
        VzenithCamera entry = rig.vzenith(VZ_IN);
        VzenithCamera exit = rig.vzenith(VZ_OUT);

        VzenithCamera.Push in = entry.read(RESIDENT, 96);
        assertThat(in.outcome().opened())
                .as("entry answered ok: the camera's relay fires")
                .isTrue();
        assertThat(in.outcome().retransferStop())
                .as("this entry camera is configured retransferStop")
                .isTrue();
        assertThat(rig.occupancy()).isEqualTo(1);
        VzenithCamera.Push out = exit.read(RESIDENT, 95);
        assertThat(out.outcome().opened()).isTrue();
        assertThat(rig.occupancy()).isZero();

        List<JsonNode> reads = rig.reads();
        assertThat(reads).hasSize(2);
        assertThat(reads).extracting(n -> n.path("decision").asText()).containsExactly("grant", "grant");
        assertThat(reads).extracting(n -> n.path("_device").asText()).containsExactly("east-entry", "east-exit");
        assertThat(reads.get(0).path("subject").asText()).isEqualTo("p-a");
        assertThat(reads.get(0).path("key").asText())
                .isEqualTo("vzenith/" + VZ_IN + "/" + in.record().plateId());
        assertThat(reads.get(0).path("credential").asText())
                .as("the plate is masked")
                .isEqualTo("plate:京A***45");
        assertThat(reads.get(0).path("open").asBoolean()).isTrue();
        // The display beside the entry barrier got the plate and a welcome, spoken and shown.
        assertThat(entry.displayed()).hasSize(2);
        assertThat(entry.displayed().get(1)[4]).as("voice command").isEqualTo((byte) 0x30);
        assertThat(new String(entry.displayed().get(1), 7, entry.displayed().get(1).length - 9, "GBK"))
                .isEqualTo(RESIDENT + " 欢迎光临 Welcome");
    }

    @Test
    void aSecondEntryWithoutAnExitIsRefusedUnderHardAntiPassback() throws Exception {
        VzenithCamera entry = rig.vzenith(VZ_IN);

        assertThat(entry.read(RESIDENT, 96).outcome().opened()).isTrue();
        VzenithCamera.Push again = entry.read(RESIDENT, 97);

        assertThat(again.outcome().answered()).isTrue();
        assertThat(again.outcome().info()).isEqualTo("no");
        assertThat(entry.opened()).hasSize(1);
        assertThat(rig.reads().get(1).path("reason").asText()).isEqualTo("anti-passback");
        assertThat(rig.occupancy()).isEqualTo(1);
    }

    @Test
    void aVisitorIsRefusedWhenTheZoneIsFullAndAReservedPermitStillGetsIn() throws Exception {
        VzenithCamera entry = rig.vzenith(VZ_IN);
        assertThat(entry.read(RESIDENT, 96).outcome().opened()).isTrue();
        assertThat(entry.read(RESIDENT_2, 96).outcome().opened()).isTrue();
        assertThat(rig.occupancy()).isEqualTo(2);

        VzenithCamera.Push visitor = entry.read(VISITOR, 96);
        VzenithCamera.Push reserved = entry.read(RESERVED, 96);

        assertThat(visitor.outcome().info()).isEqualTo("no");
        assertThat(reserved.outcome().opened()).isTrue();
        assertThat(rig.reads())
                .extracting(n -> n.path("reason").asText())
                .containsExactly("granted", "granted", "zone-full", "reserved-over-capacity");
        assertThat(rig.occupancy()).isEqualTo(3);
        // The visitor's display says why.
        byte[] said = entry.displayed().get(entry.displayed().size() - 3);
        assertThat(new String(said, 7, said.length - 9, "GBK")).contains("车位已满 Car park full");
    }

    @Test
    void anUnknownCameraAWrongAddressAndAWrongSecretGet4xxAndAreCounted() throws Exception {
        VzenithCamera rogue = new VzenithCamera("VZ-ROGUE-9", rig.vzenithLink().retries(0), rig.group());
        GenericCamera wrongSecret = rig.generic(GEN_OUT, GEN_ADDRESS, "guess");
        VzenithCamera fromElsewhere =
                new VzenithCamera(VZ_IN, rig.vzenithLink().from("127.0.0.9").retries(0), rig.group());
        try {
            VzenithCamera.Push p = rogue.read(RESIDENT, 99);
            assertThat(p.outcome().status()).isEqualTo(403);
            assertThat(p.outcome().opened()).isFalse();
            assertThat(wrongSecret.read(RESIDENT, 99, false).status()).isEqualTo(401);
            assertThat(fromElsewhere.read(RESIDENT, 99).outcome().status()).isEqualTo(403);
        } finally {
            rogue.close();
            fromElsewhere.close();
        }
        assertThat(rig.reads()).as("nothing refused is decided or journaled").isEmpty();
        assertThat(rig.metric("courtyard_listener_messages_refused_total", "reason=\"unknown-camera\""))
                .isEqualTo(1);
        assertThat(rig.metric("courtyard_listener_messages_refused_total", "reason=\"bad-secret\""))
                .isEqualTo(1);
        assertThat(rig.metric("courtyard_listener_messages_refused_total", "reason=\"wrong-address\""))
                .isEqualTo(1);
        // The right camera with the right secret is served.
        GenericCamera.Push ok = rig.generic(GEN_OUT, GEN_ADDRESS, GEN_SECRET).read(RESIDENT, 99, false);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.answer().path("recorded").asBoolean()).isTrue();
    }

    @Test
    void offlineRecordsNeverOpenAndDrainWithContinuePushOfflineAPreemptedOneJournaledOnce() throws Exception {
        VzenithCamera entry = rig.vzenith(VZ_IN);
        // The camera loses the gateway: it is pointed at a port nobody listens on, pushes fail, reads are kept.
        entry.target(new InetSocketAddress("127.0.0.1", freePort()));
        Instant t0 = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.MILLIS);
        VzenithCamera.Push kept1 = entry.read(RESIDENT, 96, t0);
        VzenithCamera.Push kept2 = entry.read(RESIDENT_2, 96, t0.plusSeconds(60));
        VzenithCamera.Push kept3 = entry.read(VISITOR, 96, t0.plusSeconds(120));
        assertThat(List.of(kept1, kept2, kept3)).allMatch(VzenithCamera.Push::storedOffline);
        assertThat(entry.backlog()).isEqualTo(3);

        entry.target(new InetSocketAddress("127.0.0.1", rig.cameraPort()));
        // A live read (a stranger, refused) pre-empts the first offline push: that record arrives twice.
        List<VzenithCamera.Outcome> drained = entry.drainOffline("苏E00000");

        assertThat(entry.backlog()).isZero();
        assertThat(drained).hasSize(3).allSatisfy(o -> {
            assertThat(o.info()).isEqualTo("no");
            assertThat(o.cont()).isEqualTo(1);
        });
        assertThat(drained)
                .extracting(VzenithCamera.Outcome::next)
                .containsExactly(
                        kept1.record().plateId(),
                        kept2.record().plateId(),
                        kept3.record().plateId());
        assertThat(entry.opened()).as("no replay opens, granted or not").isEmpty();
        List<JsonNode> replays =
                rig.reads().stream().filter(n -> n.path("replay").asBoolean()).toList();
        assertThat(replays)
                .as("three offline records, the pre-empted one journaled once")
                .hasSize(3);
        assertThat(replays)
                .extracting(n -> n.path("reason").asText())
                .containsExactly("granted", "granted", "zone-full");
        assertThat(replays).allSatisfy(n -> {
            assertThat(n.path("open").asBoolean()).isFalse();
            assertThat(n.has("actuation")).as("a replay actuates nothing").isFalse();
        });
        assertThat(replays.get(0).path("_ts").asText())
                .as("journaled with the camera's time")
                .isEqualTo(t0.toString());
        // Projected: both residents are inside, the zone is full.
        assertThat(rig.occupancy()).isEqualTo(2);
        assertThat(rig.metric("courtyard_lpr_duplicates_total", "kind=\"repeated\""))
                .isEqualTo(1);
    }

    @Test
    void aRepeatedPushIsAnsweredTheSameAndJournaledOnceAcrossARestart() throws Exception {
        VzenithCamera entry = rig.vzenith(VZ_IN);
        VzenithCamera.Push first = entry.read(RESIDENT, 96);
        assertThat(first.outcome().opened()).isTrue();

        VzenithCamera.Outcome again = entry.resend(first.record(), false);
        rig.restart();
        VzenithCamera afterRestart = rig.vzenith(VZ_IN);
        VzenithCamera.Outcome third = afterRestart.resend(first.record(), false);

        assertThat(again.info()).isEqualTo("ok");
        assertThat(third.info())
                .as("the camera missed the answer: within the window it opens again")
                .isEqualTo("ok");
        assertThat(rig.reads()).hasSize(1);
        assertThat(rig.occupancy()).as("one occupancy change").isEqualTo(1);
        // A forged repeat (same plateid, another plate) opens nothing and is not journaled.
        VzenithCamera.Record forged = new VzenithCamera.Record(first.record().plateId(), RESIDENT_2, 96, Instant.now());
        assertThat(afterRestart.resend(forged, false).info()).isEqualTo("no");
        assertThat(rig.reads()).hasSize(1);
    }

    @Test
    void aHikvisionEntryLeadsToADigestAuthenticatedBarrierGatePut() throws Exception {
        HikvisionCamera north = rig.hikvision(HK_ADDRESS);

        HikvisionCamera.Push granted = north.read(RESIDENT, 93);
        assertThat(granted.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rig.isapi().commands().size() == 1);
        assertThat(rig.isapi().commands().get(0).mode()).isEqualTo("open");
        assertThat(rig.isapi().commands().get(0).channel()).isEqualTo(1);
        assertThat(rig.isapi().refusals())
                .as("the first PUT met the digest challenge")
                .containsExactly(401);

        // Denied (anti-passback), a retransmission of the granted alert, and an unknown plate: no PUT.
        assertThat(north.read(RESIDENT, 93).status()).isEqualTo(200);
        assertThat(north.resend(granted.alert(), true)).isEqualTo(200);
        assertThat(north.read("苏E00000", 93).status()).isEqualTo(200);
        HikvisionCamera.Push second = north.read(RESIDENT_2, 95);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> rig.isapi().commands().size() == 2);
        Thread.sleep(300);
        assertThat(rig.isapi().commands()).hasSize(2);
        assertThat(rig.isapi().refusals())
                .as("the second PUT reused the nonce with a higher count")
                .hasSize(1);
        assertThat(second.status()).isEqualTo(200);

        List<JsonNode> reads = rig.reads();
        assertThat(reads)
                .extracting(n -> n.path("key").asText())
                .doesNotHaveDuplicates()
                .hasSize(4);
        assertThat(reads.get(0).path("list").asText()).isEqualTo("whiteList");
        assertThat(rig.metric("courtyard_lpr_duplicates_total", "kind=\"conflicting\""))
                .isZero();
        assertThat(rig.metric("courtyard_lpr_duplicates_total", "kind=\"repeated\""))
                .isEqualTo(1);
        // keepImages: one picture per recorded read, none for the repeat.
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.pictures() == 4);
    }

    @Test
    void aReadBelowTheConfidenceThresholdIsDeniedAndAConfusedCharacterIsANearMatch() throws Exception {
        VzenithCamera entry = rig.vzenith(VZ_IN);

        assertThat(entry.read(RESIDENT, 70).outcome().info()).isEqualTo("no");
        VzenithCamera.Push near = entry.read("京A012345", 95);

        List<JsonNode> reads = rig.reads();
        assertThat(reads.get(0).path("reason").asText()).isEqualTo("low-confidence");
        assertThat(near.outcome().opened())
                .as("京A012345: the D read as 0, a near match of 京AD12345")
                .isTrue();
        assertThat(reads.get(1).path("match").asText()).isEqualTo("near");
        assertThat(reads.get(1).path("subject").asText()).isEqualTo("p-r");
    }

    @Test
    void aSilentCameraRaisesADeviceOfflineAlarmAndClearsItWhenHeardAgain() throws Exception {
        rig.close();
        rig = LprRig.start(dir.resolve("silent"), "10s");
        VzenithCamera entry = rig.vzenith(VZ_IN);

        await().atMost(Duration.ofSeconds(40)).until(() -> alarms("raised") == 1);
        assertThat(rig.metric("courtyard_lpr_cameras_offline", "")).isGreaterThanOrEqualTo(1);
        assertThat(entry.heartbeat()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> alarms("cleared") == 1);
    }

    private long alarms(String state) throws Exception {
        return rig.events("alarm").stream()
                .filter(n -> n.path("alarm").asText().equals("device-offline")
                        && n.path("_device").asText().equals("east-entry")
                        && n.path("state").asText().equals(state))
                .count();
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

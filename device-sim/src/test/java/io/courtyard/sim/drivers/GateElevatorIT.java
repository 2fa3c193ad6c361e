package io.courtyard.sim.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.acl.AclUpdater;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.BuzzerControl;
import io.courtyard.device.osdp.LedColor;
import io.courtyard.ops.Gateway;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import io.courtyard.sim.testsupport.DemoLists;
import io.courtyard.sim.testsupport.JournalReader;
import io.courtyard.sim.testsupport.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2 over real TCP: the real gateway (OSDP buses, access service on a SQLite state
 * directory, drivers, journal) against the simulator's reader and relay-board emulators, every PD
 * under Secure Channel, with the signed example access list ({@code config/acl-example.json},
 * demo key) and a signed delta that revokes one card.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GateElevatorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String GATES = "gates-bus";
    private static final String LIFT = "lift-bus";
    private static final int DOOR = 0;
    private static final int EXIT = 1;
    private static final int STRIKE = 0;
    /** Resident of household 1-1-702 (floor 7); the example list's c-r1a. */
    private static final long RESIDENT = 1001;
    /** The other resident of 1-1-702, c-r1b, which the delta revokes. */
    private static final long REVOKED = 1002;

    private static final String CONFIG =
            """
            site:
              id: demo-court
              timeZone: Asia/Shanghai
              buildings:
                - id: "1"
                  units:
                    - {id: "1", floors: 7, roomsPerFloor: 2, area: 89.5}
            state:
              dir: %s
            listeners:
              http: {enabled: false}
            journal:
              synchronous: normal
            acl:
              publicKeyFile: %s
              pinKeyFile: %s
            osdpBuses:
              - id: gates-bus
                host: 127.0.0.1
                port: %d
                devices:
                  - {id: north-gate-reader, address: 1, secureChannel: "on", scbk: "000102030405060708090A0B0C0D0E0F"}
              - id: lift-bus
                host: 127.0.0.1
                port: %d
                devices:
                  - {id: elevator-1-1-reader, address: 1, secureChannel: "on", scbk: "8F2D61C05BE74A1399E0D3B4A5C6F718"}
                  - {id: elevator-1-1-relays, address: 2, secureChannel: "on", scbk: "00112233445566778899AABBCCDDEEFF"}
            gates:
              - {id: north-gate, reader: {bus: gates-bus, address: 1}, strikeOutput: 0, doorInput: 0, exitInput: 1, pulse: 1s}
            elevators:
              - id: elevator-1-1
                building: "1"
                unit: "1"
                reader: {bus: lift-bus, address: 1}
                relays: {bus: lift-bus, address: 2}
                floorOutputs: {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6}
                floorInputs: {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6}
                publicFloors: [1]
            """;

    @TempDir
    Path dir;

    private OsdpSim sim;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        GatewayConfig config = ConfigLoader.parse(
                dir.resolve("courtyard.yaml"),
                CONFIG.formatted(
                        dir.resolve("state"),
                        Repository.file("config/demo-keys/demo-acl.pub"),
                        Repository.file("config/demo-keys/demo-pin.key"),
                        JournalReader.freePort(),
                        JournalReader.freePort()));
        sim = OsdpSim.serving(config.devices().osdpBuses());
        gateway = new Gateway(config);
        gateway.start();
        // The example list through the path `courtyard acl import` takes, then a delta revoking c-r1b.
        AclUpdater.Result snapshot = gateway.acl()
                .updater()
                .apply(Files.readAllBytes(Repository.file("config/acl-example.json")), "file:acl-example.json");
        assertThat(snapshot.outcome()).as(snapshot.detail()).isEqualTo(AclUpdater.Outcome.APPLIED);
        AclUpdater.Result delta =
                gateway.acl().updater().apply(DemoLists.revoke("c-r1b", "h-1-1-702-b", REVOKED), "file:revoke.json");
        assertThat(delta.outcome()).as(delta.detail()).isEqualTo(AclUpdater.Outcome.APPLIED);
        for (PdRef pd : List.of(new PdRef(GATES, 1), new PdRef(LIFT, 1), new PdRef(LIFT, 2))) {
            await().atMost(WAIT).until(() -> gateway.osdp().online(pd));
        }
        assertThat(events("device"))
                .filteredOn(e -> e.path("state").asText().equals("online"))
                .extracting(e -> e.path("security").asText())
                .containsOnly("secure_channel")
                .hasSize(3);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void aResidentCardPulsesTheStrikeWithGreenAndEnablesExactlyTheHouseholdsFloors() throws Exception {
        EmulatedPd gate = sim.pd(GATES, 1);
        sim.presentCard(GATES, 1, WiegandFormat.H10301, 12, RESIDENT);

        await().atMost(WAIT)
                .until(() -> gate.activations(STRIKE) == 1 && gate.ledColor().equals(Optional.of(LedColor.GREEN)));
        assertThat(gate.buzzes()).extracting(BuzzerControl::count).containsExactly(1);

        sim.presentCard(LIFT, 1, WiegandFormat.H10301, 12, RESIDENT);

        // Household 1-1-702: its own floor 7 (output 6) and the public floor 1 (output 0), nothing else.
        await().atMost(WAIT).until(() -> sim.output(LIFT, 2, 0));
        assertThat(enabled(sim.outputs(LIFT, 2))).containsExactly(0, 6);
        assertThat(sim.pd(LIFT, 1).ledColor()).contains(LedColor.GREEN);
        await().atMost(WAIT).until(() -> events("access").size() == 2);
        assertThat(events("access"))
                .allSatisfy(e -> {
                    assertThat(e.path("decision").asText()).isEqualTo("grant");
                    assertThat(e.path("holder").asText()).isEqualTo("h-1-1-702-a");
                })
                .extracting(e -> e.path("device").asText())
                .containsExactly("north-gate", "elevator-1-1");
    }

    @Test
    void aFloorButtonPressedAfterAGrantIsARideRecord() throws Exception {
        sim.presentCard(LIFT, 1, WiegandFormat.H10301, 12, RESIDENT);
        await().atMost(WAIT).until(() -> sim.output(LIFT, 2, 6));

        sim.setInput(LIFT, 2, 6, true);
        await().atMost(WAIT).until(() -> events("ride").size() == 1);
        sim.setInput(LIFT, 2, 6, false);

        JsonNode ride = events("ride").get(0);
        assertThat(ride.path("elevator").asText()).isEqualTo("elevator-1-1");
        assertThat(ride.path("toFloor").asInt()).isEqualTo(7);
        assertThat(ride.path("fromFloor").asInt()).isEqualTo(1);
        assertThat(ride.path("household").asText()).isEqualTo("1-1-702");
        assertThat(ride.path("subject").asText()).isEqualTo("c-r1a");
        assertThat(ride.path("credential").asText()).startsWith("card:h10301/").doesNotContain("1001");
    }

    @Test
    void aRevokedCardGetsRedAndNoOut() throws Exception {
        EmulatedPd gate = sim.pd(GATES, 1);
        sim.presentCard(GATES, 1, WiegandFormat.H10301, 12, REVOKED);
        sim.presentCard(LIFT, 1, WiegandFormat.H10301, 12, REVOKED);

        // The drivers send the OUT before the LED: once red shows, an OUT would already have arrived.
        await().atMost(WAIT)
                .until(() -> gate.ledColor().equals(Optional.of(LedColor.RED))
                        && sim.pd(LIFT, 1).ledColor().equals(Optional.of(LedColor.RED)));
        assertThat(gate.activations(STRIKE)).isZero();
        assertThat(enabled(sim.outputs(LIFT, 2))).isEmpty();
        assertThat(gate.buzzes()).extracting(BuzzerControl::count).containsExactly(2);
        await().atMost(WAIT).until(() -> events("access").size() == 2);
        assertThat(events("access")).allSatisfy(e -> {
            assertThat(e.path("decision").asText()).isEqualTo("deny");
            assertThat(e.path("reason").asText()).isEqualTo("revoked");
            assertThat(e.path("aclVersion").asLong()).isEqualTo(2);
        });
    }

    @Test
    void aDoorOpenedWithoutGrantOrExitRequestRaisesForcedOpenAndClosingClearsIt() throws Exception {
        EmulatedPd gate = sim.pd(GATES, 1);
        // First the allowed way out: the exit button releases the strike and the door may open.
        sim.setInput(GATES, 1, EXIT, true);
        await().atMost(WAIT).until(() -> gate.activations(STRIKE) == 1);
        sim.setInput(GATES, 1, EXIT, false);
        sim.setInput(GATES, 1, DOOR, true);
        sim.setInput(GATES, 1, DOOR, false);
        // No alarm for that, and none while the exit window (1 s pulse + 1 s slack) runs out.
        await().during(Duration.ofMillis(2_500)).atMost(WAIT).until(() -> events("alarm")
                .isEmpty());

        sim.setInput(GATES, 1, DOOR, true);
        await().atMost(WAIT).until(() -> events("alarm").size() == 1);
        sim.setInput(GATES, 1, DOOR, false);
        await().atMost(WAIT).until(() -> events("alarm").size() == 2);

        List<JsonNode> alarms = events("alarm");
        assertThat(alarms).extracting(a -> a.path("alarm").asText()).containsOnly("door-forced-open");
        assertThat(alarms).extracting(a -> a.path("state").asText()).containsExactly("raised", "cleared");
        assertThat(alarms.get(0).path("door").asText()).isEqualTo("north-gate");
        assertThat(gate.activations(STRIKE))
                .as("an alarm never releases the strike")
                .isEqualTo(1);
    }

    @Test
    void fiveWrongCodesOnTheKeypadLockItWithOneAlarmWhileCardsStillOpen() throws Exception {
        EmulatedPd gate = sim.pd(GATES, 1);
        for (int i = 0; i < 5; i++) {
            sim.pressKeys(GATES, 1, "58213" + i + "#");
        }
        await().atMost(WAIT).until(() -> events("access").size() == 5);
        assertThat(events("access")).allSatisfy(e -> {
            assertThat(e.path("reason").asText()).isEqualTo("unknown-credential");
            assertThat(e.has("credentialFull"))
                    .as("a typed code never goes upstream")
                    .isFalse();
            assertThat(e.toString()).doesNotContain("58213");
        });

        // The visitor's right code (its pass has long expired, which a locked keypad never gets to say).
        sim.pressKeys(GATES, 1, "483920#");
        await().atMost(WAIT).until(() -> events("access").size() == 6);
        assertThat(events("access").get(5).path("reason").asText()).isEqualTo("keypad-locked");
        await().atMost(WAIT).until(() -> events("alarm").size() == 1);
        JsonNode alarm = events("alarm").get(0);
        assertThat(alarm.path("alarm").asText()).isEqualTo("keypad-locked");
        assertThat(alarm.path("device").asText()).isEqualTo("north-gate");
        assertThat(alarm.path("failures").asInt()).isEqualTo(5);
        assertThat(gate.activations(STRIKE)).isZero();

        sim.presentCard(GATES, 1, WiegandFormat.H10301, 12, RESIDENT);
        await().atMost(WAIT).until(() -> gate.activations(STRIKE) == 1);
    }

    private static List<Integer> enabled(boolean[] outputs) {
        List<Integer> on = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i]) {
                on.add(i);
            }
        }
        return on;
    }

    private List<JsonNode> events(String kind) throws Exception {
        return JournalReader.events(gateway, kind);
    }
}

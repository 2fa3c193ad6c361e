package io.courtyard.sim.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.courtyard.acl.AclUpdater;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.DevicesConfig.PdRef;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.LedColor;
import io.courtyard.ops.Gateway;
import io.courtyard.sim.elevator.EmulatedCar;
import io.courtyard.sim.osdp.EmulatedPd;
import io.courtyard.sim.osdp.OsdpSim;
import io.courtyard.sim.testsupport.JournalReader;
import io.courtyard.sim.testsupport.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The elevator control modes over the real OSDP path: the real gateway against the simulator's car
 * reader, relay board and lobby reader, with an emulated controller ({@link EmulatedCar}) that
 * registers only the calls the relays let through. The car presses the resident's floor for them
 * (层控) and a swipe at the lobby reader enables the hall call button (呼梯).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ElevatorModesIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String LIFT = "lift-bus";
    /** Resident of household 1-1-702 (floor 7); the example list's c-r1a. */
    private static final long RESIDENT = 1001;

    private static final long UNKNOWN = 4242;

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
              - id: lift-bus
                host: 127.0.0.1
                port: %d
                devices:
                  - {id: elevator-1-1-reader, address: 1}
                  - {id: elevator-1-1-relays, address: 2}
                  - {id: elevator-1-1-lobby-reader, address: 3}
            elevators:
              - id: elevator-1-1
                building: "1"
                unit: "1"
                reader: {bus: lift-bus, address: 1}
                relays: {bus: lift-bus, address: 2}
                floorOutputs: {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6}
                floorInputs: {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6}
                publicFloors: [1]
                control: select
                selectOutputs: {1: 8, 2: 9, 3: 10, 4: 11, 5: 12, 6: 13, 7: 14}
                hallCalls:
                  - {id: elevator-1-1-lobby, floor: 1, reader: {bus: lift-bus, address: 3}, output: 0}
            """;

    @TempDir
    Path dir;

    private OsdpSim sim;
    private Gateway gateway;
    private EmulatedCar car;

    @BeforeEach
    void start() throws Exception {
        GatewayConfig config = ConfigLoader.parse(
                dir.resolve("courtyard.yaml"),
                CONFIG.formatted(
                        dir.resolve("state"),
                        Repository.file("config/demo-keys/demo-acl.pub"),
                        Repository.file("config/demo-keys/demo-pin.key"),
                        JournalReader.freePort()));
        sim = OsdpSim.serving(config.devices().osdpBuses());
        car = EmulatedCar.wire(sim, config.devices().elevators().get(0));
        gateway = new Gateway(config);
        gateway.start();
        AclUpdater.Result list = gateway.acl()
                .updater()
                .apply(Files.readAllBytes(Repository.file("config/acl-example.json")), "file:acl-example.json");
        assertThat(list.outcome()).as(list.detail()).isEqualTo(AclUpdater.Outcome.APPLIED);
        for (int address = 1; address <= 3; address++) {
            PdRef pd = new PdRef(LIFT, address);
            await().atMost(WAIT).until(() -> gateway.osdp().online(pd));
        }
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
    void aResidentsCardInTheCarPressesTheirFloorForThemAndThatIsTheRide() throws Exception {
        assertThat(car.pressButton(7)).as("card control: floor 7 needs a card").isFalse();

        sim.presentCard(LIFT, 1, WiegandFormat.H10301, 12, RESIDENT);

        await().atMost(WAIT).until(() -> car.selections().equals(List.of(7)));
        assertThat(car.pressButton(1))
                .as("the public floor is enabled for them too")
                .isTrue();
        await().atMost(WAIT).until(() -> events("ride").size() == 1);
        JsonNode ride = events("ride").get(0);
        assertThat(ride.path("toFloor").asInt()).isEqualTo(7);
        assertThat(ride.path("selected").asBoolean()).isTrue();
        assertThat(ride.path("household").asText()).isEqualTo("1-1-702");
        // The board reported the relay's press and the passenger's on floor 1: neither is a second ride.
        await().during(Duration.ofMillis(800))
                .atMost(WAIT)
                .until(() -> events("ride").size() == 1);
        assertThat(sim.pd(LIFT, 2).activations(14)).isEqualTo(1);
    }

    @Test
    void aSwipeAtTheLobbyReaderEnablesTheCallButtonAndAStrangersDoesNot() throws Exception {
        EmulatedPd lobby = sim.pd(LIFT, 3);
        assertThat(car.pressHallCall(1)).isFalse();

        sim.presentCard(LIFT, 3, WiegandFormat.H10301, 12, UNKNOWN);
        await().atMost(WAIT).until(() -> lobby.ledColor().equals(Optional.of(LedColor.RED)));
        assertThat(car.pressHallCall(1))
                .as("a card not in the list calls nothing")
                .isFalse();

        sim.presentCard(LIFT, 3, WiegandFormat.H10301, 12, RESIDENT);
        await().atMost(WAIT).until(() -> car.pressHallCall(1));
        assertThat(lobby.ledColor()).contains(LedColor.GREEN);
        assertThat(car.hallCalls()).containsExactly(1);
        assertThat(car.carCalls())
                .as("nothing pressed in the car from the landing")
                .isEmpty();
        await().atMost(WAIT).until(() -> events("access").size() == 2);
        JsonNode grant = events("access").get(1);
        assertThat(grant.path("device").asText()).isEqualTo("elevator-1-1-lobby");
        assertThat(grant.path("decision").asText()).isEqualTo("grant");
        assertThat(grant.path("actuation").path("hallCall").asInt()).isEqualTo(1);
        assertThat(events("access").get(0).path("reason").asText()).isEqualTo("unknown-credential");
    }

    private List<JsonNode> events(String kind) throws Exception {
        return JournalReader.events(gateway, kind);
    }
}

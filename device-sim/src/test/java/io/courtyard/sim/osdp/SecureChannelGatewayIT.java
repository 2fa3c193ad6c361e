package io.courtyard.sim.osdp;

import static io.courtyard.sim.testsupport.JournalReader.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.EmergencyMode;
import io.courtyard.acl.AclUpdater;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.device.Bytes;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.KeypadData;
import io.courtyard.device.osdp.RawCardData;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.LocalStatus;
import io.courtyard.device.osdp.Scbk;
import io.courtyard.ops.Gateway;
import io.courtyard.sim.testsupport.JournalReader;
import io.courtyard.sim.testsupport.Repository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 8 acceptance 2 and 4 against the whole gateway (buses, drivers, access service, journal,
 * operator listener) and the simulator's PD emulators over real TCP: replies injected into a Secure
 * Channel session are refused and journaled as a security alarm, and never move the strike; a reader
 * that reboots gets its fire hold back at once; install mode provisions a reader that answers with
 * its default key; /health tells each reader's Secure Channel and monitoring.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecureChannelGatewayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String BUS = "gates-bus";
    private static final String NORTH_KEY = "000102030405060708090A0B0C0D0E0F";
    private static final String WEST_KEY = "8F2D61C05BE74A1399E0D3B4A5C6F718";
    private static final int EXIT = 1;
    private static final int STRIKE = 0;

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
              http: {enabled: true, bind: 127.0.0.1, port: 0}
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
                  - {id: north-gate-reader, address: 1, secureChannel: "on", scbk: "%s"}
                  - {id: west-gate-reader, address: 2, secureChannel: "install", scbk: "%s"}
                  - {id: east-gate-reader, address: 3, secureChannel: "install"}
                  - {id: south-gate-reader, address: 4, secureChannel: "off"}
            gates:
              - {id: north-gate, reader: {bus: gates-bus, address: 1}, strikeOutput: 0, doorInput: 0, exitInput: 1, pulse: 1s}
            """;

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private OsdpSim sim;
    private EmulatedPd north;
    private EmulatedPd west;
    private Gateway gateway;

    @BeforeEach
    void start() throws Exception {
        logs.start();
        root().addAppender(logs);
        int port = freePort();
        GatewayConfig config = ConfigLoader.parse(
                dir.resolve("courtyard.yaml"),
                CONFIG.formatted(
                        dir.resolve("state"),
                        Repository.file("config/demo-keys/demo-acl.pub"),
                        Repository.file("config/demo-keys/demo-pin.key"),
                        port,
                        NORTH_KEY,
                        WEST_KEY));
        north = new EmulatedPd(
                1, PdProfile.reader().withScbk(Scbk.fromHex(NORTH_KEY)).withSequenceNakAtZero());
        // Factory-fresh the reference implementation's way: SCBK-D is all it holds.
        west = new EmulatedPd(2, PdProfile.reader().defaultKeyOnly().withSerial(2));
        EmulatedPd east = new EmulatedPd(3, PdProfile.reader().factoryFresh().withSerial(3));
        EmulatedPd south = new EmulatedPd(4, PdProfile.reader().withSerial(4));
        south.refuseStatusRequests(true);
        sim = new OsdpSim();
        sim.bus(BUS, port, north, west, east, south);
        gateway = new Gateway(config);
        gateway.start();
        AclUpdater.Result list = gateway.acl()
                .updater()
                .apply(Files.readAllBytes(Repository.file("config/acl-example.json")), "file:acl-example.json");
        assertThat(list.outcome()).as(list.detail()).isEqualTo(AclUpdater.Outcome.APPLIED);
        await().atMost(WAIT)
                .until(() -> onlineEvents("north-gate-reader") == 1
                        && onlineEvents("west-gate-reader") == 1
                        && onlineEvents("east-gate-reader") == 1
                        && onlineEvents("south-gate-reader") == 1);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop();
        }
        if (sim != null) {
            sim.close();
        }
        root().detachAppender(logs);
    }

    @Test
    void repliesInjectedMidSessionAreRefusedJournaledAndNeverOpenTheDoor() throws Exception {
        north.setTamper(true);
        await().atMost(WAIT).until(() -> alarms("tamper").size() == 1);
        List<Reply> injected = List.of(
                InputStatus.of(false, true),
                new RawCardData(0, RawCardData.FORMAT_WIEGAND, 26, Wiegand.encode(WiegandFormat.H10301, 12, 1001)),
                new KeypadData(0, Bytes.of("483920\r".getBytes(StandardCharsets.US_ASCII))),
                new LocalStatus(false, false));
        int sessions = 1;
        for (Reply reply : injected) {
            north.forge(new Forgery.Plaintext(reply));
            await().atMost(WAIT).until(() -> !north.forgeryPending());
            int expected = ++sessions;
            await().atMost(WAIT).until(() -> onlineEvents("north-gate-reader") == expected);
        }

        assertThat(north.activations(STRIKE)).as("the strike never moved").isZero();
        assertThat(events("access"))
                .as("no decision on an injected card or code")
                .isEmpty();
        assertThat(events("device")).noneMatch(e -> e.path("state").asText().equals("exit-request"));
        assertThat(alarms("tamper"))
                .as("the injected 'no tamper' never cleared the alarm")
                .extracting(a -> a.path("state").asText())
                .containsExactly("raised");
        // One security alarm for the run of violations; the rest are counted, not journaled.
        List<JsonNode> security = alarms("secure-channel");
        assertThat(security).hasSize(1);
        assertThat(security.get(0).path("device").asText()).isEqualTo("north-gate-reader");
        assertThat(security.get(0).path("violation").asText()).isEqualTo("plaintext");
        assertThat(events("device"))
                .filteredOn(e -> e.path("device").asText().equals("north-gate-reader")
                        && e.path("state").asText().equals("offline"))
                .hasSize(4)
                .allSatisfy(e -> assertThat(e.path("reason").asText()).contains("Secure Channel"));
        assertThat(metrics()).contains("courtyard_osdp_sc_violations_total{bus=\"gates-bus\",kind=\"plaintext\"");
        assertThat(north.stats().sessions()).as("handshaken again each time").isEqualTo(5);

        // The genuine reader still opens the door for its resident.
        north.presentCard(WiegandFormat.H10301, 12, 1001);
        await().atMost(WAIT).until(() -> north.activations(STRIKE) == 1);
    }

    @Test
    void aReaderThatRebootsInClearModeIsRediscoveredAtOnceAndGetsTheFireHoldBack() throws Exception {
        assertThat(gateway.access()
                        .emergencies()
                        .raise(EmergencyMode.FIRE, "test:fire-panel")
                        .get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        await().atMost(WAIT).until(() -> north.output(STRIKE));

        north.restart();
        assertThat(north.output(STRIKE)).as("a reboot drops the relay").isFalse();

        await().atMost(WAIT).until(() -> onlineEvents("north-gate-reader") == 2 && north.output(STRIKE));
        assertThat(events("device"))
                .filteredOn(e -> e.path("device").asText().equals("north-gate-reader")
                        && e.path("state").asText().equals("offline"))
                .singleElement()
                .satisfies(e -> assertThat(e.path("reason").asText()).contains("lost the sequence"));
        assertThat(alarms("secure-channel")).as("a reboot is no attack").isEmpty();
    }

    @Test
    void healthTellsEachReadersSecureChannelAndMonitoringAndInstallModeProvisionsTheFreshReader() throws Exception {
        JsonNode health = JSON.readTree(get("/health"));
        JsonNode osdp = health.path("osdp");
        assertThat(osdp.isArray()).as(health.toString()).isTrue();
        assertThat(pd(osdp, "north-gate-reader").path("secureChannel").asText()).isEqualTo("secure");
        assertThat(pd(osdp, "west-gate-reader").path("secureChannel").asText()).isEqualTo("secure");
        assertThat(pd(osdp, "east-gate-reader").path("secureChannel").asText()).isEqualTo("install key");
        assertThat(pd(osdp, "south-gate-reader").path("secureChannel").asText()).isEqualTo("clear");
        assertThat(pd(osdp, "south-gate-reader").path("monitoringOff"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("tamper", "inputs");
        assertThat(pd(osdp, "north-gate-reader").path("monitoringOff")).isEmpty();
        assertThat(StreamSupport.stream(osdp.spliterator(), false))
                .allSatisfy(pd -> assertThat(pd.path("online").asBoolean()).isTrue());

        // Install mode handed the fresh reader its key, journaled without the key.
        assertThat(west.scbk()).isEqualTo(Scbk.fromHex(WEST_KEY));
        List<JsonNode> provisioned = events("device").stream()
                .filter(e -> e.path("state").asText().equals("key-provisioned"))
                .toList();
        assertThat(provisioned).singleElement().satisfies(e -> {
            assertThat(e.path("device").asText()).isEqualTo("west-gate-reader");
            assertThat(e.toString()).doesNotContainIgnoringCase(WEST_KEY);
        });
        // Said when the reader comes online, on the bus's thread: maybe a moment after its online event
        // was journaled, which is what start() waited for.
        await().atMost(WAIT).untilAsserted(() -> assertThat(warnings("east-gate-reader"))
                .anySatisfy(m -> assertThat(m).contains("SCBK-D")));
        assertThat(logged())
                .noneMatch(e -> e.getFormattedMessage().toUpperCase().contains(WEST_KEY));

        // Monitoring off is said once for each request refused, not at every rediscovery.
        sim.bus(BUS).disconnect();
        await().atMost(WAIT).until(() -> onlineEvents("south-gate-reader") == 2);
        assertThat(warnings("south-gate-reader"))
                .filteredOn(m -> m.contains("monitoring is off"))
                .hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("osdp_LSTAT").contains("tamper"))
                .anySatisfy(m -> assertThat(m).contains("osdp_ISTAT").contains("door contact"));
    }

    @Test
    void rawReadsOfZeroOrOver512BitsAreDeniedAsInvalidCredentialAndJournaled() throws Exception {
        north.presentRaw(0, Bytes.EMPTY);
        north.presentRaw(600, Bytes.of(new byte[75]));

        await().atMost(WAIT).until(() -> events("access").size() == 2);
        assertThat(events("access")).allSatisfy(e -> {
            assertThat(e.path("decision").asText()).isEqualTo("deny");
            assertThat(e.path("reason").asText()).isEqualTo("invalid-credential");
            assertThat(e.path("device").asText()).isEqualTo("north-gate");
        });
        assertThat(north.activations(STRIKE)).isZero();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    /** What the appender holds so far; it adds under its own lock, from the gateway's threads. */
    private List<ILoggingEvent> logged() {
        synchronized (logs) {
            return List.copyOf(logs.list);
        }
    }

    private List<String> warnings(String about) {
        return logged().stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.contains(about))
                .toList();
    }

    private static JsonNode pd(JsonNode osdp, String device) {
        return StreamSupport.stream(osdp.spliterator(), false)
                .filter(n -> n.path("device").asText().equals(device))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + device + " in " + osdp));
    }

    private List<JsonNode> events(String kind) throws Exception {
        return JournalReader.events(gateway, kind);
    }

    private List<JsonNode> alarms(String alarm) throws Exception {
        return events("alarm").stream()
                .filter(a -> a.path("alarm").asText().equals(alarm))
                .toList();
    }

    private long onlineEvents(String device) throws Exception {
        return events("device").stream()
                .filter(e -> e.path("device").asText().equals(device)
                        && e.path("state").asText().equals("online"))
                .count();
    }

    private String metrics() throws Exception {
        return get("/metrics");
    }

    private String get(String path) throws Exception {
        int port = gateway.http().orElseThrow().port();
        HttpResponse<String> res = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res.body();
    }
}

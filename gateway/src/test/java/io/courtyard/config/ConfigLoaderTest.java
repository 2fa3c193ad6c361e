package io.courtyard.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.config.DevicesConfig.SecureChannel;
import io.courtyard.config.JournalConfig.RealtimeWriter;
import io.courtyard.config.SiteConfig.Household;
import io.courtyard.testsupport.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {
    /** A small but complete compound; each error case changes one line of it. */
    private static final String VALID =
            """
            site:
              id: test-court
              timeZone: Asia/Shanghai
              buildings:
                - id: "1"
                  units:
                    - {id: "1", floors: 7, roomsPerFloor: 2, area: 89.5}
            listeners:
              http: {bind: 127.0.0.1, port: 8080}
            upstream:
              mqtt:
                uri: tcp://broker.example:1883
                username: test-court
                passwordFile: secrets/mqtt-password
            journal:
              quota: 2GiB
            osdpBuses:
              - id: gates-bus
                host: 127.0.0.1
                port: 4001
                pollInterval: 50ms
                devices:
                  - {id: north-gate-reader, address: 1}
                  - {id: lift-reader, address: 2}
                  - {id: lift-relays, address: 3}
            gates:
              - id: north-gate
                reader: {bus: gates-bus, address: 1}
                strikeOutput: 0
                pulse: 3s
            elevators:
              - id: lift-1-1
                building: "1"
                unit: "1"
                reader: {bus: gates-bus, address: 2}
                relays: {bus: gates-bus, address: 3}
                floorOutputs: {1: 0, 2: 1, 7: 6}
                publicFloors: [1]
            parkingZones:
              - {id: main-lot, capacity: 80}
            barriers:
              - {id: east-entry, direction: entry, zone: main-lot, cameraSerial: VZ-E01}
            monitors:
              - {id: monitor-1-1, elevator: lift-1-1, username: monitor-1-1, secret: s3cret}
            """;

    /** Unknown key, wrong type and out-of-range port in one file: all three must be reported. */
    static final String THREE_ERRORS = ProjectFiles.THREE_ERRORS;

    @TempDir
    Path dir;

    @BeforeEach
    void secrets() {
        ProjectFiles.write(dir.resolve("secrets/mqtt-password"), "hunter2\n");
    }

    @Test
    void validBaseConfigLoads() throws ConfigException {
        GatewayConfig c = load(VALID);
        assertEquals(14, c.site().households().size());
        assertEquals(1, c.devices().gates().size());
        assertEquals(
                "hunter2",
                c.upstream().mqtt().orElseThrow().password().orElseThrow().reveal());
    }

    @Test
    void listenersHaveBoundedDefaultsAndTakeTheirOwnLimits() throws ConfigException {
        GatewayConfig c = load(VALID.replace(
                "  http: {bind: 127.0.0.1, port: 8080}",
                "  http: {bind: 127.0.0.1, port: 8080, maxConnections: 32, idleTimeout: 0s, maxMessageSize: 8KiB}"));

        var http = c.listeners().http().limits();
        assertEquals(32, http.maxConnections());
        assertEquals(16, http.maxConnectionsPerSource());
        assertEquals(java.time.Duration.ZERO, http.idleTimeout());
        assertEquals(8192, http.maxMessageBytes());
        var cameras = c.listeners().cameras().limits();
        assertEquals(4 << 20, cameras.maxMessageBytes(), "a camera push may carry images");
        assertEquals(
                java.time.Duration.ZERO, c.listeners().deviceMqtt().limits().idleTimeout(), "MQTT keeps alive itself");
    }

    @Test
    void exampleConfigLoadsWithItsSecretFilesNextToIt() throws Exception {
        Path file = copyExampleWithSecrets();

        GatewayConfig c = ConfigLoader.load(file);

        assertCompound(c, "willow-court");
        assertEquals(
                dir.resolve("secrets/platform-ca.pem"),
                c.upstream().mqtt().orElseThrow().tls().orElseThrow().caFile());
        assertEquals(
                "secret of mqtt-password",
                c.upstream().mqtt().orElseThrow().password().orElseThrow().reveal());
        assertEquals(
                "secret of influx-token",
                c.upstream().influx().orElseThrow().token().orElseThrow().reveal());
        assertEquals(Path.of("/var/lib/courtyard"), c.state().dir());
        assertEquals(2L << 30, c.journal().quotaBytes());
        assertEquals(Duration.ofMillis(5), c.journal().batchWindow());
        String yaml = Files.readString(file);
        assertEquals(
                Duration.ZERO,
                load(yaml.replace("  batchWindow: 5ms", "  batchWindow: 0ms"))
                        .journal()
                        .batchWindow(),
                "0ms: each batch commits what is queued at once");
        assertEquals(RealtimeWriter.AUTO, c.journal().realtimeWriter());
        assertEquals(Duration.ofMillis(2), c.journal().accessWindow());
        assertEquals(
                RealtimeWriter.ON,
                load(yaml.replace("  realtimeWriter: auto", "  realtimeWriter: on"))
                        .journal()
                        .realtimeWriter());
        assertEquals(Duration.ofDays(7), c.upstream().mqtt().orElseThrow().sessionExpiry());
        Household attic = household(c, "3-1-702");
        assertEquals(128.4, attic.areaSquareMetres());
        assertEquals(7, attic.floor());
        assertEquals(3, c.devices().osdpBuses().size());
        assertTrue(c.devices().osdpBuses().get(0).devices().stream()
                .allMatch(d -> d.secureChannel() == SecureChannel.ON
                        && d.scbkHex().orElseThrow().length() == 32));
    }

    @Test
    void demoConfigLoadsWithInlineSecretsAndStateDirBesideTheConfigDirectory() throws ConfigException {
        GatewayConfig c = ConfigLoader.load(ProjectFiles.config("demo.yaml"));

        assertCompound(c, "demo-court");
        assertEquals(ProjectFiles.root().resolve(".demo-state"), c.state().dir());
        assertEquals(18080, c.listeners().http().port());
        assertEquals(
                "000102030405060708090A0B0C0D0E0F",
                c.devices().osdpBuses().get(0).devices().get(0).scbkHex().orElseThrow());
        assertEquals("demo-monitor-1-1", c.devices().monitors().get(0).secret().reveal());
        assertEquals(DEMO_KEY, PublicKeys.base64(c.acl().publicKey().orElseThrow()), "the demo signing key");
        assertEquals("3d550d14eefc19c8", c.acl().pinKey().orElseThrow().id(), "the demo PIN key");
        assertFalse(c.acl().pinKey().orElseThrow().toString().contains("4f1710"), "a PIN key never prints");
    }

    /** What example.yaml and demo.yaml have in common: Willow Court's roster and devices. */
    private static void assertCompound(GatewayConfig c, String siteId) {
        Map<String, Household> byId =
                c.site().households().stream().collect(Collectors.toMap(Household::id, Function.identity()));
        assertAll(
                () -> assertEquals(siteId, c.site().id()),
                () -> assertEquals(ZoneId.of("Asia/Shanghai"), c.site().timeZone()),
                () -> assertEquals(Duration.ofMinutes(2), c.site().deviceClockSkewLimit()),
                () -> assertEquals(4, c.site().buildings().size()),
                () -> assertEquals(104, c.site().households().size()),
                () -> assertEquals(104, byId.size(), "household ids are unique"),
                () -> assertEquals(3, c.devices().gates().size()),
                () -> assertEquals(2, c.devices().elevators().size()),
                () -> assertEquals(2, c.devices().barriers().size()),
                () -> assertEquals(2, c.devices().monitors().size()),
                () -> assertEquals(new Household("1-1-702", "1", "1", 7, "702", 89.5), byId.get("1-1-702")),
                () -> assertEquals(new Household("4-2-101", "4", "2", 1, "101", 64.8), byId.get("4-2-101")),
                () -> assertFalse(byId.containsKey("1-1-101"), "street-side ground floors are shops"),
                () -> assertFalse(byId.containsKey("3-1-001"), "no flats are generated below floor 1"),
                () -> assertEquals(
                        List.of(-1, 1), c.devices().elevators().get(1).publicFloors()),
                () -> assertEquals(
                        0, c.devices().elevators().get(1).floorOutputs().get(-1)));
    }

    @Test
    void unknownWrongTypeAndOutOfRangePortAreAllReportedAtOnceWithTheirLines() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(THREE_ERRORS));

        String f = dir.resolve("courtyard.yaml").toString();
        assertEquals(
                List.of(
                        new ConfigProblem(
                                f,
                                8,
                                3,
                                "listeners.htp",
                                "unknown key; did you mean 'http'?; allowed here: http, cameras, deviceMqtt"),
                        new ConfigProblem(
                                f,
                                9,
                                16,
                                "listeners.http.port",
                                "expected an integer from 0 to 65535, found '70000' (integer)"),
                        new ConfigProblem(
                                f,
                                11,
                                19,
                                "journal.batchMaxEvents",
                                "expected an integer from 1 to 100000, found 'lots' (text)")),
                e.problems());
        assertTrue(e.getMessage().startsWith("3 configuration problems"), e.getMessage());
        assertTrue(e.getMessage().contains(f + ":9:16: listeners.http.port: expected an integer"), e.getMessage());
    }

    static Stream<Arguments> singleProblems() {
        return Stream.of(
                row(
                        "a monitor on a fault table nobody defined",
                        "secret: s3cret}",
                        "secret: s3cret, faultTable: acme}",
                        "monitors[0].faultTable",
                        "no fault table 'acme'; defined: [gov-platform, iot-terminal]",
                        "acme}"),
                row(
                        "a monitor on a field map nobody defined",
                        "secret: s3cret}",
                        "secret: s3cret, fieldMap: acme}",
                        "monitors[0].fieldMap",
                        "no field map 'acme' under monitoring.fieldMaps; defined: []",
                        "acme}"),
                row(
                        "a debounce for a fault type the vocabulary lacks",
                        "secret: s3cret}",
                        "secret: s3cret}\nmonitoring:\n  debounce: {trapped-at-flor: 20s}",
                        "monitoring.debounce.trapped-at-flor",
                        "no fault type 'trapped-at-flor'; did you mean 'trapped-at-floor'?",
                        "trapped-at-flor"),
                row(
                        "a debounce for a service event",
                        "secret: s3cret}",
                        "secret: s3cret}\nmonitoring:\n  debounce: {inspection: 5s}",
                        "monitoring.debounce.inspection",
                        "'inspection' is a service event, which is never debounced",
                        "inspection:"),
                row(
                        "a code table mapping a code to no fault type",
                        "secret: s3cret}",
                        "secret: s3cret}\nmonitoring:\n  faultTables:\n    - id: acme-v2\n"
                                + "      codes: {E1: over-travel-top, E2: stuck-buton}",
                        "monitoring.faultTables[0].codes.E2",
                        "no fault type 'stuck-buton'; did you mean 'stuck-button'?",
                        "stuck-buton}"),
                row(
                        "a code table shadowing a built-in one",
                        "secret: s3cret}",
                        "secret: s3cret}\nmonitoring:\n  faultTables:\n    - id: gov-platform\n"
                                + "      codes: {1: safety-circuit-open}",
                        "monitoring.faultTables[0].id",
                        "table 'gov-platform' is defined twice",
                        "gov-platform\n"),
                row(
                        "a field map onto no field of the payload",
                        "secret: s3cret}",
                        "secret: s3cret}\nmonitoring:\n  fieldMaps:\n    acme: {lc: level}",
                        "monitoring.fieldMaps.acme.lc",
                        "'level' is not a field of the monitor payload",
                        "level}"),
                row(
                        "a silence timeout shorter than a status period",
                        "secret: s3cret}",
                        "secret: s3cret}\nmonitoring:\n  silenceTimeout: 1s",
                        "monitoring.silenceTimeout",
                        "from 10s to 6h, found '1s'",
                        "1s"),
                row(
                        "a device MQTT window of zero",
                        "  http: {bind: 127.0.0.1, port: 8080}",
                        "  http: {bind: 127.0.0.1, port: 8080}\n  deviceMqtt: {receiveMaximum: 70000}",
                        "listeners.deviceMqtt.receiveMaximum",
                        "expected an integer from 1 to 65535, found '70000' (integer)",
                        "70000}"),
                // name, replace, with, field, message fragment, text at the reported location
                row(
                        "unknown key suggests the closest known key",
                        "    pollInterval: 50ms",
                        "    pollIntervall: 50ms",
                        "osdpBuses[0].pollIntervall",
                        "unknown key; did you mean 'pollInterval'?; allowed here: id, host, port, pollInterval",
                        "pollIntervall"),
                row(
                        "unknown key far from any known key lists what is allowed",
                        "  quota: 2GiB",
                        "  quota: 2GiB\n  compression: zstd",
                        "journal.compression",
                        "unknown key; allowed here: synchronous, batchMaxEvents, batchWindow, accessWindow, quota,"
                                + " retention, realtimeWriter",
                        "compression"),
                row(
                        "unknown top-level section",
                        "journal:",
                        "jornal:",
                        "jornal",
                        "unknown key; did you mean 'journal'?",
                        "jornal"),
                row(
                        "text where an integer is expected",
                        "    strikeOutput: 0",
                        "    strikeOutput: zero",
                        "gates[0].strikeOutput",
                        "expected an integer from 0 to 255, found 'zero' (text)",
                        "zero"),
                row(
                        "list where a size is expected",
                        "  quota: 2GiB",
                        "  quota: [2GiB]",
                        "journal.quota",
                        "expected a size with unit B, KiB, MiB, GiB or TiB from 65536 to 1099511627776 bytes,"
                                + " found a list",
                        "[2GiB]"),
                row(
                        "boolean spelled as yes",
                        "    pulse: 3s",
                        "    pulse: 3s\n    openOnFire: yes",
                        "gates[0].openOnFire",
                        "expected true or false, found 'yes' (boolean)",
                        "yes"),
                row(
                        "listener port above 65535",
                        "port: 8080}",
                        "port: 70000}",
                        "listeners.http.port",
                        "expected an integer from 0 to 65535, found '70000' (integer)",
                        "70000"),
                row(
                        "OSDP bus port 0 is not a port to connect to",
                        "    port: 4001",
                        "    port: 0",
                        "osdpBuses[0].port",
                        "expected an integer from 1 to 65535, found '0' (integer)",
                        "0\n"),
                row(
                        "missing required field is reported on its mapping",
                        ", cameraSerial: VZ-E01}",
                        "}",
                        "barriers[0].cameraSerial",
                        "missing; required: a camera serial of letters, digits, '-' and '_'",
                        "{id: east-entry"),
                row(
                        "missing required section key",
                        "  id: test-court\n",
                        "",
                        "site.id",
                        "missing; required: an identifier of lowercase letters, digits and '-' (1-63 chars)",
                        "timeZone"),
                row(
                        "duplicate key",
                        "    pulse: 3s",
                        "    pulse: 3s\n    pulse: 4s",
                        "gates[0].pulse",
                        "duplicate key; each key may appear once",
                        "pulse: 4s"),
                row(
                        "duration without a unit",
                        "    pulse: 3s",
                        "    pulse: 3000",
                        "gates[0].pulse",
                        "expected a duration with unit ms, s, m, h or d from 200ms to 60s, found '3000' (integer)",
                        "3000"),
                row(
                        "real-time writer neither auto, on nor off",
                        "  quota: 2GiB",
                        "  quota: 2GiB\n  realtimeWriter: always",
                        "journal.realtimeWriter",
                        "expected one of auto, on, off, found 'always' (text)",
                        "always"),
                row(
                        "a group commit window beyond a second",
                        "  quota: 2GiB",
                        "  quota: 2GiB\n  batchWindow: 2s",
                        "journal.batchWindow",
                        "expected a duration with unit ms, s, m, h or d from 0ms to 1s, found '2s' (text)",
                        "2s"),
                row(
                        "duration with an unknown unit",
                        "    pollInterval: 50ms",
                        "    pollInterval: 50msec",
                        "osdpBuses[0].pollInterval",
                        "expected a duration with unit ms, s, m, h or d from 20ms to 5s, found '50msec' (text)",
                        "50msec"),
                row(
                        "duration out of range",
                        "    pulse: 3s",
                        "    pulse: 2m",
                        "gates[0].pulse",
                        "from 200ms to 60s, found '2m' (text)",
                        "2m"),
                row(
                        "size with a decimal unit",
                        "  quota: 2GiB",
                        "  quota: 2GB",
                        "journal.quota",
                        "found '2GB' (text)",
                        "2GB"),
                row(
                        "size that overflows a long is not wrapped into range",
                        "  quota: 2GiB",
                        "  quota: 16777217TiB",
                        "journal.quota",
                        "found '16777217TiB' (text)",
                        "16777217TiB"),
                row(
                        "time zone that does not exist",
                        "  timeZone: Asia/Shanghai",
                        "  timeZone: Asia/Beijing",
                        "site.timeZone",
                        "expected an IANA time zone such as Asia/Shanghai, found 'Asia/Beijing' (text)",
                        "Asia/Beijing"),
                row(
                        "device clock skew limit out of range",
                        "  timeZone: Asia/Shanghai",
                        "  timeZone: Asia/Shanghai\n  deviceClockSkewLimit: 0s",
                        "site.deviceClockSkewLimit",
                        "expected a duration with unit ms, s, m, h or d from 1s to 1d, found '0s' (text)",
                        "0s"),
                row(
                        "gate reader on a bus that does not exist",
                        "    reader: {bus: gates-bus, address: 1}",
                        "    reader: {bus: gate-bus, address: 1}",
                        "gates[0].reader",
                        "no OSDP device at bus 'gate-bus' address 1 under osdpBuses",
                        "{bus: gate-bus"),
                row(
                        "gate reader at an address with no device",
                        "    reader: {bus: gates-bus, address: 1}",
                        "    reader: {bus: gates-bus, address: 9}",
                        "gates[0].reader",
                        "no OSDP device at bus 'gates-bus' address 9 under osdpBuses",
                        "{bus: gates-bus, address: 9"),
                row(
                        "gate io board named but not on the bus",
                        "    strikeOutput: 0",
                        "    io: {bus: gates-bus, address: 7}\n    strikeOutput: 0",
                        "gates[0].io",
                        "no OSDP device at bus 'gates-bus' address 7 under osdpBuses",
                        "{bus: gates-bus, address: 7"),
                row(
                        "elevator in a unit the site does not have",
                        "    unit: \"1\"",
                        "    unit: \"3\"",
                        "elevators[0].unit",
                        "no unit 3 in building 1 under site.buildings",
                        "\"3\""),
                row(
                        "elevator floor above the unit's top floor",
                        "{1: 0, 2: 1, 7: 6}",
                        "{1: 0, 2: 1, 7: 6, 8: 7}",
                        "elevators[0].floorOutputs",
                        "floor 8 is outside the unit's floors 1..7",
                        "{1: 0"),
                row(
                        "button input floor below the unit's lowest floor",
                        "    publicFloors: [1]",
                        "    floorInputs: {1: 0, -1: 1}\n    publicFloors: [1]",
                        "elevators[0].floorInputs",
                        "floor -1 is outside the unit's floors 1..7",
                        "{1: 0, -1"),
                row(
                        "public floor the car cannot be sent to",
                        "    publicFloors: [1]",
                        "    publicFloors: [1, 3]",
                        "elevators[0].publicFloors",
                        "public floor 3 has no entry in floorOutputs",
                        "[1, 3]"),
                row(
                        "duplicate device id across device kinds",
                        "{id: east-entry,",
                        "{id: north-gate,",
                        "barriers[0].id",
                        "device id 'north-gate' is used twice; ids must be unique across all devices",
                        "north-gate,"),
                row(
                        "duplicate OSDP address on one bus",
                        "{id: lift-relays, address: 3}",
                        "{id: lift-relays, address: 3}\n      - {id: spare-reader, address: 3}",
                        "osdpBuses[0].devices[3].address",
                        "address 3 is used twice on bus gates-bus",
                        "3}\ngates:"),
                row(
                        "barrier in a parking zone that does not exist",
                        "zone: main-lot, cameraSerial",
                        "zone: back-lot, cameraSerial",
                        "barriers[0].zone",
                        "no parking zone 'back-lot'; defined: [main-lot]",
                        "back-lot"),
                row(
                        "a camera address must be an IP or CIDR block, never a name needing DNS",
                        ", cameraSerial: VZ-E01}",
                        ", cameraSerial: VZ-E01, camera: {vendor: vzenith, address: cam.local}}",
                        "barriers[0].camera.address",
                        "expected an IP address or CIDR block such as 192.168.10.21 or 192.168.10.0/24, found"
                                + " 'cam.local' (text)",
                        "cam.local"),
                row(
                        "a Hikvision camera without ISAPI settings cannot open its barrier",
                        ", cameraSerial: VZ-E01}",
                        ", cameraSerial: VZ-E01, camera: {vendor: hikvision, address: 10.0.0.5}}",
                        "barriers[0].camera.isapi",
                        "missing; required: url, username and password",
                        "{vendor: hikvision"),
                row(
                        "a near match needing less confidence than an exact match",
                        ", cameraSerial: VZ-E01}",
                        ", cameraSerial: VZ-E01, plates: {minConfidence: 90, nearMatch: {minConfidence: 80}}}",
                        "barriers[0].plates.nearMatch.minConfidence",
                        "80 is below plates.minConfidence (90)",
                        "80}}}"),
                row(
                        "a confusion pair of one character twice",
                        ", cameraSerial: VZ-E01}",
                        ", cameraSerial: VZ-E01, plates: {nearMatch: {confusions: [OO]}}}",
                        "barriers[0].plates.nearMatch.confusions[0]",
                        "expected two different upper-case letters or digits, such as O0, found 'OO' (text)",
                        "OO]"),
                row(
                        "monitor of an elevator that does not exist",
                        "elevator: lift-1-1,",
                        "elevator: lift-9-9,",
                        "monitors[0].elevator",
                        "no elevator 'lift-9-9'; defined: [lift-1-1]",
                        "lift-9-9"),
                row(
                        "more connections per address than in all",
                        "  http: {bind: 127.0.0.1, port: 8080}",
                        "  http: {bind: 127.0.0.1, port: 8080, maxConnections: 10, maxConnectionsPerAddress: 20}",
                        "listeners.http.maxConnectionsPerAddress",
                        "20 is more than maxConnections (10)",
                        "20}"),
                row(
                        "a listener message timeout without a unit",
                        "  http: {bind: 127.0.0.1, port: 8080}",
                        "  http: {bind: 127.0.0.1, port: 8080, messageTimeout: 10}",
                        "listeners.http.messageTimeout",
                        "expected a duration with unit ms, s, m, h or d",
                        "10}"),
                row(
                        "two listeners on one port",
                        "  http: {bind: 127.0.0.1, port: 8080}",
                        "  http: {bind: 127.0.0.1, port: 8080}\n  cameras: {port: 8080}",
                        "listeners.http.port",
                        "port 8080 is also used by listeners.cameras",
                        "8080}\n  cameras"),
                row(
                        "both password and passwordFile",
                        "    username: test-court",
                        "    username: test-court\n    password: inline-secret",
                        "upstream.mqtt.password",
                        "give either password or passwordFile, not both",
                        "inline-secret"),
                row(
                        "secret file that does not exist, named by its resolved path",
                        "passwordFile: secrets/mqtt-password",
                        "passwordFile: secrets/mqtt-passwd",
                        "upstream.mqtt.passwordFile",
                        "secrets/mqtt-passwd: no such file",
                        "secrets/mqtt-passwd"),
                row(
                        "ssl upstream without tls",
                        "tcp://broker.example:1883",
                        "ssl://broker.example:8883",
                        "upstream.mqtt.tls",
                        "missing; required: a tls section (caFile) for an ssl:// URI",
                        "uri: ssl"),
                row(
                        "secure channel on without a key",
                        "{id: north-gate-reader, address: 1}",
                        "{id: north-gate-reader, address: 1, secureChannel: \"on\"}",
                        "osdpBuses[0].devices[0].scbk",
                        "missing; required: scbk or scbkFile (32 hex digits) when secureChannel is on",
                        "{id: north-gate-reader"),
                row(
                        "secure channel key of the wrong length",
                        "{id: north-gate-reader, address: 1}",
                        "{id: north-gate-reader, address: 1, secureChannel: \"on\", scbk: \"0102\"}",
                        "osdpBuses[0].devices[0].scbk",
                        "expected a 128-bit key as 32 hex digits",
                        "\"0102\""),
                row(
                        "access-list key of the wrong length",
                        "journal:",
                        "acl:\n  publicKey: c2hvcnQ=\njournal:",
                        "acl.publicKey",
                        "expected an Ed25519 public key (PEM, or base64 of its 44-byte DER or 32 raw bytes): an"
                                + " Ed25519 public key is 32 bytes raw or 44 bytes DER, found 5 bytes",
                        "c2hvcnQ="),
                row(
                        "access-list key that is not base64",
                        "journal:",
                        "acl:\n  publicKey: \"not a key!\"\njournal:",
                        "acl.publicKey",
                        "not base64",
                        "\"not a key!\""),
                row(
                        "misspelt access-list key file",
                        "journal:",
                        "acl:\n  publicKey: " + DEMO_KEY + "\n  publickeyFile: keys/acl.pub\njournal:",
                        "acl.publickeyFile",
                        "unknown key; did you mean 'publicKeyFile'?",
                        "publickeyFile"),
                row(
                        "access-list key given twice",
                        "journal:",
                        "acl:\n  publicKey: " + DEMO_KEY + "\n  publicKeyFile: keys/acl.pub\njournal:",
                        "acl.publicKey",
                        "give either publicKey or publicKeyFile, not both",
                        DEMO_KEY),
                row(
                        "access-list key file missing",
                        "journal:",
                        "acl:\n  publicKeyFile: keys/acl.pub\njournal:",
                        "acl.publicKeyFile",
                        "keys/acl.pub: no such file",
                        "keys/acl.pub"),
                row(
                        "PIN key too short to resist a guess",
                        "journal:",
                        "acl:\n  pinKey: \"00112233445566778899aabbccddeeff\"\njournal:",
                        "acl.pinKey",
                        "expected 32 to 64 random bytes, found 16",
                        "\"00112233"),
                row(
                        "PIN key that is a typed password",
                        "journal:",
                        "acl:\n  pinKey: \"correct horse battery staple!\"\njournal:",
                        "acl.pinKey",
                        "expected 32 to 64 random bytes as hex or base64, found neither",
                        "\"correct horse"),
                row(
                        "PIN key file missing",
                        "journal:",
                        "acl:\n  pinKeyFile: secrets/pin-key\njournal:",
                        "acl.pinKeyFile",
                        "secrets/pin-key: no such file",
                        "secrets/pin-key"),
                row(
                        "anti-passback pair with an unknown gate",
                        "journal:",
                        "access:\n  antiPassbackPairs:\n    - {id: lobby, entry: north-gate, exit: south-gate}\njournal:",
                        "access.antiPassbackPairs[0].exit",
                        "no gate 'south-gate'; defined: [north-gate]",
                        "south-gate}"),
                row(
                        "anti-passback pair over one gate",
                        "journal:",
                        "access:\n  antiPassbackPairs:\n    - {id: lobby, entry: north-gate, exit: north-gate}\njournal:",
                        "access.antiPassbackPairs[0].exit",
                        "entry and exit must be two different gates",
                        "north-gate}"),
                row(
                        "anti-passback pair with an unknown mode",
                        "journal:",
                        "access:\n  antiPassbackPairs:\n    - {id: lobby, entry: north-gate, exit: x, mode: strict}\n"
                                + "journal:",
                        "access.antiPassbackPairs[0].mode",
                        "expected one of off, soft, hard, found 'strict' (text)",
                        "strict"),
                row(
                        "two homes with one household id (building 1-1 unit 2, building 1 unit 1-2)",
                        "        - {id: \"1\", floors: 7, roomsPerFloor: 2, area: 89.5}\n",
                        "        - {id: \"1\", floors: 7, roomsPerFloor: 2, area: 89.5}\n"
                                + "        - {id: \"1-2\", floors: 1, roomsPerFloor: 1, area: 50}\n"
                                + "    - id: \"1-1\"\n      units:\n"
                                + "        - {id: \"2\", floors: 1, roomsPerFloor: 1, area: 50}\n",
                        "site.buildings[1].units[0].id",
                        "household id '1-1-2-101' (building 1-1, unit 2, room 101) is also building 1, unit 1-2, room"
                                + " 101; rename a building or a unit",
                        "\"2\", floors: 1"),
                row(
                        "keypad lockout longer than its maximum",
                        "journal:",
                        "access:\n  keypad: {lockout: 2h}\njournal:",
                        "access.keypad.lockout",
                        "maxLockout 1h is shorter than lockout 2h",
                        "2h}"),
                row(
                        "misspelt keypad key",
                        "journal:",
                        "access:\n  keypad: {maxAttempt: 3}\njournal:",
                        "access.keypad.maxAttempt",
                        "unknown key; did you mean 'maxAttempts'?",
                        "maxAttempt:"),
                row(
                        "visitor codes shorter than a keypad can bear",
                        "journal:",
                        "access:\n  keypad: {minCodeLength: 3}\njournal:",
                        "access.keypad.minCodeLength",
                        "expected an integer from 4 to 64, found '3'",
                        "3}"),
                row(
                        "a parking zone forgetting positions within seconds",
                        "{id: main-lot, capacity: 80}",
                        "{id: main-lot, capacity: 80, positionExpiry: 10s}",
                        "parkingZones[0].positionExpiry",
                        "from 60s to 365d, found '10s'",
                        "10s}"),
                row(
                        "floor selection without select outputs",
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    control: select\n",
                        "elevators[0].selectOutputs",
                        "missing; required: a mapping of floor -> relay output wired across that floor's button",
                        "id: lift-1-1"),
                row(
                        "select outputs on an elevator that only enables",
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    selectOutputs: {7: 8}\n",
                        "elevators[0].selectOutputs",
                        "only used with control: select",
                        "{7: 8}"),
                row(
                        "selecting a floor the gateway never enables",
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    control: select\n    selectOutputs: {7: 8, 3: 9}\n",
                        "elevators[0].selectOutputs.3",
                        "floor 3 has no entry in floorOutputs",
                        "9}"),
                row(
                        "a select output that already enables a floor",
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    control: select\n    selectOutputs: {7: 1}  # across 7\n",
                        "elevators[0].selectOutputs.7",
                        "output 1 already enables floor 2 (floorOutputs)",
                        "1}  # across 7"),
                row(
                        "a hall call reader that is not on any bus",
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    hallCalls:\n"
                                + "      - {id: lift-1-1-hall-1, floor: 1, reader: {bus: gates-bus, address: 9}, output: 0}\n",
                        "elevators[0].hallCalls[0].reader",
                        "no OSDP device at bus 'gates-bus' address 9 under osdpBuses",
                        "{bus: gates-bus, address: 9}"),
                row(
                        "a hall call on a floor the unit does not have",
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    hallCalls:\n"
                                + "      - {id: lift-1-1-hall-1, floor: 9, reader: {bus: gates-bus, address: 2}, output: 1}\n",
                        "elevators[0].hallCalls[0].floor",
                        "floor 9 is outside the unit's floors 1..7",
                        "9, reader"),
                row(
                        "a hall call whose id another device has",
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    hallCalls:\n"
                                + "      - {id: north-gate, floor: 1, reader: {bus: gates-bus, address: 2}, output: 1}\n",
                        "elevators[0].hallCalls[0].id",
                        "device id 'north-gate' is used twice",
                        "north-gate, floor"),
                row(
                        "a hall call output that enables a floor button",
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    hallCalls:\n"
                                + "      - {id: lift-1-1-hall-1, floor: 1, reader: {bus: gates-bus, address: 2},"
                                + " io: {bus: gates-bus, address: 3}, output: 6}  # lobby\n",
                        "elevators[0].hallCalls[0].output",
                        "output 6 of bus 'gates-bus' address 3 is already lift-1-1 floor 7",
                        "6}  # lobby"),
                row(
                        "misspelt access section key",
                        "journal:",
                        "access:\n  antiPassbackPair: []\njournal:",
                        "access.antiPassbackPair",
                        "unknown key; did you mean 'antiPassbackPairs'?",
                        "antiPassbackPair:"));
    }

    /** The demo's public key (config/demo.yaml), valid base64 DER. */
    private static final String DEMO_KEY = "MCowBQYDK2VwAyEACLl9i3v354wY9cG//oPE4MYsUou3x6YJERFcROeljE4=";

    @Test
    void accessListKeyLoadsInlineAndFromAPemFileRelativeToTheConfig() throws Exception {
        java.security.PublicKey inline = load(VALID.replace(
                        "journal:", "acl:\n  publicKey: " + DEMO_KEY + "\njournal:"))
                .acl()
                .publicKey()
                .orElseThrow();
        ProjectFiles.write(
                dir.resolve("keys/acl.pub"), ProjectFiles.read(ProjectFiles.config("demo-keys/demo-acl.pub")));

        java.security.PublicKey fromFile = load(VALID.replace(
                        "journal:", "acl:\n  publicKeyFile: keys/acl.pub\njournal:"))
                .acl()
                .publicKey()
                .orElseThrow();

        assertEquals(inline, fromFile);
        assertEquals(DEMO_KEY, PublicKeys.base64(fromFile));
        assertTrue(load(VALID).acl().publicKey().isEmpty(), "no acl section: no key, updates refused");
    }

    @Test
    void aPrivateKeyWhereThePublicKeyBelongsIsCalledOut() throws Exception {
        ProjectFiles.write(
                dir.resolve("keys/acl.key"), ProjectFiles.read(ProjectFiles.config("demo-keys/demo-acl.key")));

        ConfigException e = assertThrows(
                ConfigException.class,
                () -> load(VALID.replace("journal:", "acl:\n  publicKeyFile: keys/acl.key\njournal:")));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).message().contains("is this the private key?"), e.getMessage());
        assertEquals("acl.publicKeyFile", e.problems().get(0).field());
    }

    @Test
    void gatePairsAreReadWithHardAsTheDefaultMode() throws Exception {
        String yaml = VALID.replace(
                        "gates:\n",
                        "gates:\n  - {id: exit-gate, reader: {bus: gates-bus, address: 1}, strikeOutput: 1}\n")
                .replace(
                        "journal:",
                        "access:\n  antiPassbackPairs:\n    - {id: lobby, entry: north-gate, exit: exit-gate}\njournal:");

        AccessConfig a = load(yaml).access();

        assertEquals(
                List.of(new AccessConfig.GatePair("lobby", "north-gate", "exit-gate", DevicesConfig.AntiPassback.HARD)),
                a.antiPassbackPairs());
    }

    @Test
    void keypadLimitsElevatorModesAndPositionExpiriesAreRead() throws Exception {
        String yaml = VALID.replace(
                        "    publicFloors: [1]\n",
                        "    publicFloors: [1]\n    control: select\n    selectOutputs: {7: 8, 2: 9}\n"
                                + "    selectPulse: 300ms\n    hallCalls:\n"
                                + "      - {id: lift-1-1-hall-1, floor: 1, reader: {bus: gates-bus, address: 2}, output: 1}\n")
                .replace("{id: main-lot, capacity: 80}", "{id: main-lot, capacity: 80, positionExpiry: 12h}")
                .replace(
                        "journal:",
                        "access:\n  keypad: {maxAttempts: 3, window: 1m, lockout: 2m, maxLockout: 30m, minCodeLength: 8}\n"
                                + "journal:");

        GatewayConfig c = load(yaml);

        assertEquals(
                new AccessConfig.Keypad(3, Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(30), 8),
                c.access().keypad());
        DevicesConfig.Elevator e = c.devices().elevators().get(0);
        assertEquals(DevicesConfig.ElevatorControl.SELECT, e.control());
        assertEquals(Map.of(7, 8, 2, 9), e.selectOutputs());
        assertEquals(Duration.ofMillis(300), e.selectPulse());
        DevicesConfig.HallCall h = e.hallCalls().get(0);
        assertEquals("lift-1-1-hall-1", h.id());
        assertEquals(h.reader(), h.io(), "the landing reader drives the button unless io says otherwise");
        assertEquals(Duration.ofSeconds(10), h.enableFor(), "the elevator's enableFor");
        assertEquals(
                java.util.Optional.of(Duration.ofHours(12)),
                c.devices().parkingZones().get(0).positionExpiry());
        GatewayConfig plain = load(VALID);
        assertEquals(AccessConfig.Keypad.DEFAULTS, plain.access().keypad());
        assertEquals(
                DevicesConfig.ElevatorControl.ENABLE,
                plain.devices().elevators().get(0).control());
    }

    private static Arguments row(
            String name, String replace, String with, String field, String message, String locatedAt) {
        return Arguments.of(name, replace, with, field, message, locatedAt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleProblems")
    void oneMistakeGivesOneProblemWithFileLineColumnFieldAndMessage(
            String name, String replace, String with, String field, String message, String locatedAt) {
        assertTrue(VALID.contains(replace), "case does not apply to the base config: " + replace);
        String yaml = VALID.replaceFirst(Pattern.quote(replace), Matcher.quoteReplacement(with));

        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));

        assertEquals(1, e.problems().size(), () -> "expected exactly one problem, got:\n" + e.getMessage());
        ConfigProblem p = e.problems().get(0);
        int at = yaml.indexOf(locatedAt);
        assertTrue(at >= 0, "location marker not in the file: " + locatedAt);
        assertAll(
                () -> assertEquals(dir.resolve("courtyard.yaml").toString(), p.file(), "file"),
                () -> assertEquals(lineOf(yaml, at), p.line(), () -> "line of " + p),
                () -> assertEquals(columnOf(yaml, at), p.column(), () -> "column of " + p),
                () -> assertEquals(field, p.field(), "field"),
                () -> assertTrue(p.message().contains(message), () -> "message: " + p.message()));
    }

    @Test
    void yamlSyntaxErrorIsLocatedWhereTheParserGaveUp() {
        String yaml = "site:\n  id: test-court\n  name: Willow: Court\n";

        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));

        assertEquals(1, e.problems().size(), e.getMessage());
        ConfigProblem p = e.problems().get(0);
        assertEquals(3, p.line(), p.toString());
        assertEquals(15, p.column(), p.toString());
        assertEquals("", p.field());
        assertEquals("YAML syntax: mapping values are not allowed here", p.message());
    }

    @Test
    void tabIndentationIsASyntaxErrorOnItsLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("site:\n\tid: test-court\n"));

        ConfigProblem p = e.problems().get(0);
        assertEquals(2, p.line(), p.toString());
        assertTrue(p.message().startsWith("YAML syntax:"), p.message());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "\n\n", "# only a comment\n", "---\n"})
    void emptyFileIsOneClearProblem(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(text));

        assertEquals(
                List.of(new ConfigProblem(
                        dir.resolve("courtyard.yaml").toString(),
                        1,
                        1,
                        "",
                        "the file is empty; a configuration needs at least site.id")),
                e.problems());
    }

    @Test
    void missingFileIsAProblemNotAnIoException() {
        Path missing = dir.resolve("nope.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));

        assertEquals(List.of(new ConfigProblem(missing.toString(), 1, 1, "", "no such file")), e.problems());
    }

    /** Found by ConfigLoaderFuzzTest: a secret file naming /dev/zero was read until the heap ran out. */
    @Test
    @org.junit.jupiter.api.Timeout(10)
    void aConfigOrSecretFileThatIsADeviceADirectoryOrHugeIsRefusedUnread() throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("secrets/a-directory"));
        ProjectFiles.write(dir.resolve("secrets/huge"), "x".repeat((64 << 10) + 1));
        String[][] cases = {
            {"/dev/zero", "not a regular file"},
            {"secrets/a-directory", "not a regular file"},
            {"secrets/huge", "larger than 65536 bytes"},
        };
        for (String[] c : cases) {
            ConfigException e = assertThrows(
                    ConfigException.class,
                    () -> load(VALID.replace("passwordFile: secrets/mqtt-password", "passwordFile: " + c[0])));
            assertEquals(1, e.problems().size(), c[0]);
            ConfigProblem p = e.problems().get(0);
            assertEquals("upstream.mqtt.passwordFile", p.field(), c[0]);
            org.assertj.core.api.Assertions.assertThat(p.message()).contains(c[1]);
        }
        ConfigException device = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("/dev/zero")));
        assertEquals(List.of(new ConfigProblem("/dev/zero", 1, 1, "", "not a regular file")), device.problems());
        ProjectFiles.write(dir.resolve("secrets/mqtt-password"), "x".repeat(64 << 10));
        assertEquals(
                64 << 10,
                load(VALID)
                        .upstream()
                        .mqtt()
                        .orElseThrow()
                        .password()
                        .orElseThrow()
                        .reveal()
                        .length());
    }

    @Test
    void aTopLevelListIsNotAConfiguration() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("- site\n- listeners\n"));

        ConfigProblem p = e.problems().get(0);
        assertEquals(1, p.line());
        assertEquals("expected a mapping of keys to values, found a list", p.message());
    }

    @Test
    void unitWithoutFloorsReportsOnlyTheMissingFloorsNotItsHouseholds() {
        String yaml = VALID.replace(
                "    - {id: \"1\", floors: 7, roomsPerFloor: 2, area: 89.5}",
                "    - id: \"1\"\n          households:\n            - {room: \"702\", floor: 7, area: 120}");

        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));

        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals("site.buildings[0].units[0].floors", e.problems().get(0).field());
    }

    @Test
    void householdOutsideGeneratedRoomsNeedsFloorAndArea() throws ConfigException {
        String yaml = VALID.replace(
                "    - {id: \"1\", floors: 7, roomsPerFloor: 2, area: 89.5}",
                "    - id: \"1\"\n          floors: 7\n          households:\n"
                        + "            - {room: \"G01\", floor: 1, area: 45.5}");

        GatewayConfig c = load(yaml);

        assertEquals(
                List.of(new Household("1-1-G01", "1", "1", 1, "G01", 45.5)),
                c.site().households());
    }

    @Test
    void vacantRoomThatWasNeverGeneratedIsReported() {
        String yaml = VALID.replace("area: 89.5}", "area: 89.5, vacant: [\"901\"]}");

        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));

        assertEquals("site.buildings[0].units[0].vacant", e.problems().get(0).field());
        assertEquals(
                "room '901' is not a generated room of this unit",
                e.problems().get(0).message());
    }

    @Test
    void relativeSecretAndTlsFilesResolveAgainstTheConfigFilesDirectoryNotTheWorkingDirectory() throws ConfigException {
        Path etc = dir.resolve("etc/courtyard");
        ProjectFiles.write(etc.resolve("secrets/mqtt-password"), "  from-etc\n");
        ProjectFiles.write(etc.resolve("secrets/ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        String yaml = VALID.replace("tcp://broker.example:1883", "ssl://broker.example:8883")
                .replace(
                        "    passwordFile: secrets/mqtt-password",
                        """
                            passwordFile: secrets/mqtt-password
                            tls: {caFile: secrets/ca.pem}\
                        """);
        Path file = ProjectFiles.write(etc.resolve("courtyard.yaml"), yaml);

        GatewayConfig c = ConfigLoader.load(file);

        UpstreamConfig.Mqtt mqtt = c.upstream().mqtt().orElseThrow();
        assertEquals("from-etc", mqtt.password().orElseThrow().reveal(), "read from etc/, stripped");
        assertEquals(etc.resolve("secrets/ca.pem"), mqtt.tls().orElseThrow().caFile());
        assertEquals("Secret[****]", mqtt.password().orElseThrow().toString(), "never printed");
    }

    @Test
    void missingSecretFileIsNamedByItsPathBesideTheConfig() {
        Path etc = dir.resolve("etc");
        Path file = ProjectFiles.write(
                etc.resolve("courtyard.yaml"), VALID.replace("secrets/mqtt-password", "secrets/absent"));

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

        assertEquals(
                "cannot read " + etc.resolve("secrets/absent") + ": no such file",
                e.problems().get(0).message());
    }

    @Test
    void problemRendersAsFileLineColumnFieldMessage() {
        assertEquals(
                "/etc/courtyard.yaml:9:17: listeners.http.port: too big",
                new ConfigProblem("/etc/courtyard.yaml", 9, 17, "listeners.http.port", "too big").toString());
        assertEquals("c.yaml:1:1: no such file", new ConfigProblem("c.yaml", 1, 1, "", "no such file").toString());
    }

    private GatewayConfig load(String yaml) throws ConfigException {
        return ConfigLoader.load(ProjectFiles.write(dir.resolve("courtyard.yaml"), yaml));
    }

    /** example.yaml in the temp dir, with every secrets/... file it names created beside it. */
    private Path copyExampleWithSecrets() {
        String text = ProjectFiles.read(ProjectFiles.config("example.yaml"));
        Matcher m = Pattern.compile("secrets/[A-Za-z0-9/._-]+").matcher(text);
        int n = 0;
        while (m.find()) {
            String rel = m.group();
            String content = rel.contains("/scbk/")
                    ? "000102030405060708090A0B0C0D0E0F\n"
                    : rel.endsWith("pin-key")
                            ? "4f1710b44906470829164542d419d52d59770009c10519abef7e0cc76d67ed69\n"
                            : "secret of " + Path.of(rel).getFileName() + "\n";
            ProjectFiles.write(dir.resolve(rel), content);
            n++;
        }
        assertTrue(n >= 10, "example.yaml names its secret files: " + n);
        return ProjectFiles.write(dir.resolve("example.yaml"), text);
    }

    private static Household household(GatewayConfig c, String id) {
        return c.site().households().stream()
                .filter(h -> h.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no household " + id));
    }

    private static int lineOf(String text, int index) {
        return (int) text.substring(0, index).chars().filter(ch -> ch == '\n').count() + 1;
    }

    private static int columnOf(String text, int index) {
        return index - (text.lastIndexOf('\n', index - 1) + 1) + 1;
    }
}

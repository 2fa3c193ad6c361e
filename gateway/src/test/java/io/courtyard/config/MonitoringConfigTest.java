package io.courtyard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.courtyard.config.ListenersConfig.ClientCertificates;
import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device MQTT listener's options and the monitoring section, as a configuration file gives them. */
class MonitoringConfigTest {
    private static final String SITE =
            """
            site:
              id: test-court
              buildings:
                - id: "1"
                  units:
                    - {id: "1", floors: 7, roomsPerFloor: 2, area: 89.5}
            osdpBuses:
              - id: bus
                host: 127.0.0.1
                port: 4001
                devices:
                  - {id: lift-reader, address: 1}
            elevators:
              - id: lift-1-1
                building: "1"
                unit: "1"
                reader: {bus: bus, address: 1}
                floorOutputs: {1: 0, 7: 6}
            """;

    @TempDir
    Path dir;

    private GatewayConfig load(String yaml) throws ConfigException {
        return ConfigLoader.load(ProjectFiles.write(dir.resolve("courtyard.yaml"), SITE + yaml));
    }

    @Test
    void everyOptionLoadsIntoItsRecord() throws Exception {
        TestCertificates.generate(dir);
        GatewayConfig c = load(
                """
                listeners:
                  deviceMqtt:
                    port: 8883
                    maxMessageSize: 64KiB
                    receiveMaximum: 16
                    messagesPerSecond: 50
                    messageBurst: 200
                    maxKeepAlive: 2m
                    loginFailuresPerMinute: 3
                    tls: {certFile: server.pem, keyFile: server.key, clientCaFile: ca.pem, clientCertificates: required}
                monitoring:
                  silenceTimeout: 90s
                  recentCards: 10m
                  debounce: {trapped-at-floor: 15s, stopped-outside-door-zone: 1m}
                  faultTables:
                    - id: acme-v2
                      version: 2
                      codes: {E1: over-travel-top, E7: trapped-at-floor}
                  fieldMaps:
                    acme: {lc: floor, mzt: door, gzdm: code}
                monitors:
                  - {id: monitor-1-1, elevator: lift-1-1, secret: s3cret, faultTable: acme-v2, fieldMap: acme}
                  - {id: monitor-1-2, elevator: lift-1-1, username: m12, secret: other, faultTable: gov-platform}
                """);
        DeviceMqtt o = c.listeners().deviceMqttOptions();
        assertThat(o.receiveMaximum()).isEqualTo(16);
        assertThat(o.messagesPerSecond()).isEqualTo(50);
        assertThat(o.messageBurst()).isEqualTo(200);
        assertThat(o.maxKeepAlive()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.loginFailuresPerMinute()).isEqualTo(3);
        assertThat(o.tls()).get().satisfies(t -> {
            assertThat(t.certFile()).isEqualTo(dir.resolve("server.pem"));
            assertThat(t.clientCaFile()).contains(dir.resolve("ca.pem"));
            assertThat(t.clientCertificates()).isEqualTo(ClientCertificates.REQUIRED);
        });
        assertThat(c.listeners().deviceMqtt().limits().maxMessageBytes()).isEqualTo(64 << 10);

        MonitoringConfig m = c.devices().monitoring();
        assertThat(m.silenceTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(m.recentCards()).isEqualTo(Duration.ofMinutes(10));
        FaultCatalog.FaultType trapped = m.catalog().types().get("trapped-at-floor");
        assertThat(m.debounce(trapped)).isEqualTo(Duration.ofSeconds(15));
        assertThat(m.debounce(m.catalog().types().get("overspeed")))
                .as("the vocabulary's")
                .isZero();
        assertThat(m.catalog().lookup("acme-v2", "E7")).contains(trapped);
        assertThat(m.fieldMaps()).isEqualTo(Map.of("acme", Map.of("lc", "floor", "mzt", "door", "gzdm", "code")));
        assertThat(c.devices().monitors().get(0).username())
                .as("defaults to the id")
                .isEqualTo("monitor-1-1");
        assertThat(c.devices().monitors().get(0).fieldMap()).contains("acme");
        assertThat(c.devices().monitors().get(1).faultTable()).isEqualTo("gov-platform");
    }

    @Test
    void tlsFilesAreReadAtCheckTimeAndEachWrongOneIsReportedWhereItIsNamed() throws Exception {
        TestCertificates.Pki pki = TestCertificates.generate(dir);
        ProjectFiles.write(
                dir.resolve("pkcs1.key"), "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        ConfigException e = catchThrowableOfType(
                ConfigException.class,
                () -> load(
                        """
                        listeners:
                          deviceMqtt:
                            tls:
                              certFile: server.key
                              keyFile: pkcs1.key
                              clientCaFile: missing-ca.pem
                        """));
        String f = dir.resolve("courtyard.yaml").toString();
        assertThat(e.problems())
                .extracting(p -> p.file() + ":" + p.line() + ": " + p.field() + ": " + p.message())
                .containsExactly(
                        f + ":22: listeners.deviceMqtt.tls.certFile: " + pki.serverKey()
                                + ": no '-----BEGIN CERTIFICATE-----' block found",
                        f + ":23: listeners.deviceMqtt.tls.keyFile: " + dir.resolve("pkcs1.key")
                                + ": found a 'RSA PRIVATE KEY' (PKCS#1/SEC1) key, need PKCS#8 'PRIVATE KEY'; convert it"
                                + " with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8",
                        f + ":24: listeners.deviceMqtt.tls.clientCaFile: cannot read " + dir.resolve("missing-ca.pem")
                                + ": no such file");

        ConfigException noCa = catchThrowableOfType(
                ConfigException.class,
                () -> load(
                        """
                        listeners:
                          deviceMqtt:
                            tls: {certFile: server.pem, keyFile: server.key, clientCertificates: required}
                        """));
        assertThat(noCa.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("missing; required: the CA of the monitors' certificates when clientCertificates is"
                        + " required"));
    }

    @Test
    void withoutAnyOfItTheDefaultsHold() throws Exception {
        GatewayConfig c = load("");
        assertThat(c.listeners().deviceMqttOptions()).isEqualTo(DeviceMqtt.DEFAULTS);
        assertThat(c.listeners().deviceMqttOptions().tls()).isEqualTo(Optional.empty());
        assertThat(c.devices().monitoring().silenceTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.devices().monitoring().catalog().tables()).containsOnlyKeys("iot-terminal", "gov-platform");
    }
}

package io.courtyard.device.mqtt;

import static io.courtyard.testsupport.DeviceMqttRig.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.courtyard.config.ListenersConfig.ClientCertificates;
import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.config.ListenersConfig.ServerTls;
import io.courtyard.config.UpstreamConfig;
import io.courtyard.testsupport.ChildProcess;
import io.courtyard.testsupport.DeviceMqttRig;
import io.courtyard.testsupport.RawMqttClient;
import io.courtyard.testsupport.TestCertificates;
import io.courtyard.uplink.UplinkTls;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1: real third-party clients against the device listener. Debian's mosquitto_pub
 * (MQTT 3.1.1 and 5, plain, TLS and mutual TLS) and Eclipse Paho publish monitor faults that become
 * FAULT events; a wrong password, another device's topic, QoS 2 and an oversize packet are each
 * refused with the protocol's answer and counted.
 */
@Timeout(300)
class DeviceMqttClientsIT {
    private static final Path MOSQUITTO_PUB = Path.of("/usr/bin/mosquitto_pub");
    /** Door-close failure (iot-terminal 12) debounces 10 s by default: immediate here, the test is about clients. */
    private static final Map<String, Duration> DEBOUNCE = Map.of("door-close-failure", Duration.ZERO);

    @TempDir
    Path dir;

    private DeviceMqttRig rig;

    @AfterEach
    void close() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    /** Runs mosquitto_pub; returns its exit code and output. */
    private record Run(int exit, String output) {}

    private Run mosquittoPub(String... args) throws Exception {
        if (!Files.isExecutable(MOSQUITTO_PUB)) {
            throw new AssertionError(
                    MOSQUITTO_PUB + " is missing: install mosquitto-clients (scripts/install-deps test)");
        }
        List<String> cmd = new ArrayList<>(List.of(MOSQUITTO_PUB.toString(), "-p", Integer.toString(rig.port())));
        cmd.addAll(List.of(args));
        try (ChildProcess p = ChildProcess.start(cmd, dir, dir.resolve("pub-" + System.nanoTime() + ".log"))) {
            int exit = p.awaitExit(Duration.ofSeconds(30));
            return new Run(exit, p.output());
        }
    }

    private static String fault(int code) {
        return "{\"code\":" + code + ",\"state\":\"raised\",\"ts\":\"2026-03-01T08:15:30.120Z\"}";
    }

    private void awaitFault(String device, String fault) {
        await().atMost(Duration.ofSeconds(10)).until(() -> rig.events(where("fault", "fault", fault)).stream()
                .anyMatch(e -> e.device().equals(device)
                        && e.body().path("state").asText().equals("raised")));
    }

    private MqttAsyncClient paho(String uri, String user, String password, SSLSocketFactory tls) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(uri, "paho-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(user);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        if (tls != null) {
            o.setSocketFactory(tls);
        }
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    @Test
    void mosquittoPubAndPahoBecomeFaultsAndEveryRefusalHasItsAnswerAndCount() throws Exception {
        rig = DeviceMqttRig.start(dir, DeviceMqtt.DEFAULTS, DEBOUNCE);
        String user1 = "monitor-1";
        String pw1 = "secret-monitor-1";

        // MQTT 3.1.1 and 5 from mosquitto_pub: iot-terminal 12 (door-close failure), gov-platform 92 (over-travel top).
        Run v3 = mosquittoPub(
                "-V",
                "mqttv311",
                "-h",
                "127.0.0.1",
                "-u",
                user1,
                "-P",
                pw1,
                "-q",
                "1",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(12));
        assertThat(v3.exit()).as(v3.output()).isZero();
        awaitFault("monitor-1", "door-close-failure");
        Run v5 = mosquittoPub(
                "-V",
                "mqttv5",
                "-h",
                "127.0.0.1",
                "-u",
                "monitor-2",
                "-P",
                "secret-monitor-2",
                "-q",
                "1",
                "-t",
                "devices/monitor-2/fault",
                "-m",
                fault(92));
        assertThat(v5.exit()).as(v5.output()).isZero();
        awaitFault("monitor-2", "over-travel-top");

        // Eclipse Paho (MQTT 5): iot-terminal 3, overspeed.
        MqttAsyncClient paho = paho("tcp://127.0.0.1:" + rig.port(), user1, pw1, null);
        IMqttToken t = paho.publish(
                "devices/monitor-1/fault", new MqttMessage(fault(3).getBytes(StandardCharsets.UTF_8), 1, false, null));
        t.waitForCompletion(10_000);
        assertThat(t.getReasonCodes()).containsExactly(0);
        awaitFault("monitor-1", "overspeed");

        // A wrong password: 3.1.1 return code 4, MQTT 5 reason 0x86 (mosquitto_pub exits with it), Paho too.
        Run badV3 = mosquittoPub(
                "-V",
                "mqttv311",
                "-h",
                "127.0.0.1",
                "-u",
                user1,
                "-P",
                "guess",
                "-q",
                "1",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(1));
        assertThat(badV3.exit()).isNotZero();
        assertThat(badV3.output()).contains("bad user name or password");
        Run badV5 = mosquittoPub(
                "-V",
                "mqttv5",
                "-h",
                "127.0.0.1",
                "-u",
                user1,
                "-P",
                "guess",
                "-q",
                "1",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(1));
        assertThat(badV5.exit()).isEqualTo(0x86);
        assertThat(badV5.output()).contains("Bad User Name or Password");
        MqttException bad = catchThrowableOfType(
                MqttException.class, () -> paho("tcp://127.0.0.1:" + rig.port(), user1, "guess", null));
        assertThat(bad.getReasonCode()).isEqualTo(0x86);
        assertThat(rig.refused("bad-credentials")).isEqualTo(3);

        // Another device's topic: MQTT 5 PUBACK 0x87 (the connection stays), 3.1.1 a closed connection.
        Run otherV5 = mosquittoPub(
                "-V",
                "mqttv5",
                "-h",
                "127.0.0.1",
                "-u",
                user1,
                "-P",
                pw1,
                "-q",
                "1",
                "-t",
                "devices/monitor-2/fault",
                "-m",
                fault(7));
        assertThat(otherV5.output()).contains("Not authorized");
        Run otherV3 = mosquittoPub(
                "-V",
                "mqttv311",
                "-h",
                "127.0.0.1",
                "-u",
                user1,
                "-P",
                pw1,
                "-q",
                "1",
                "-t",
                "devices/monitor-2/fault",
                "-m",
                fault(7));
        assertThat(otherV3.exit()).isNotZero();
        assertThat(otherV3.output()).contains("connection was lost");
        IMqttToken denied = paho.publish(
                "devices/monitor-2/fault", new MqttMessage(fault(7).getBytes(StandardCharsets.UTF_8), 1, false, null));
        Throwable deniedError = catchThrowableOfType(MqttException.class, () -> denied.waitForCompletion(10_000));
        assertThat(deniedError == null ? denied.getReasonCodes()[0] : ((MqttException) deniedError).getReasonCode())
                .isEqualTo(0x87);
        assertThat(rig.refused("topic-denied")).isEqualTo(3);
        assertThat(rig.events(where("fault", "fault", "trapped-at-floor"))).isEmpty();

        // QoS 2: MQTT 5 clients read Maximum QoS 1 from the CONNACK and refuse to send it; a 3.1.1 client
        // cannot know, sends it, and its connection is closed (the raw client in DeviceMqttListenerTest
        // forces one through in MQTT 5 for the 0x9B).
        Run qos2V5 = mosquittoPub(
                "-V",
                "mqttv5",
                "-h",
                "127.0.0.1",
                "-u",
                user1,
                "-P",
                pw1,
                "-q",
                "2",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(1));
        assertThat(qos2V5.output()).contains("QoS not supported");
        Run qos2V3 = mosquittoPub(
                "-V",
                "mqttv311",
                "-h",
                "127.0.0.1",
                "-u",
                user1,
                "-P",
                pw1,
                "-q",
                "2",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(1));
        assertThat(qos2V3.output()).contains("connection was lost");
        try (RawMqttClient raw = RawMqttClient.open(rig.port())) {
            raw.connect(MqttVersion.MQTT_5, "raw", user1, pw1, null);
            raw.publish("devices/monitor-1/fault", MqttQoS.EXACTLY_ONCE, 9, fault(1).getBytes(StandardCharsets.UTF_8));
            assertThat(RawMqttClient.disconnectReason(raw.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x9B);
        }
        assertThat(rig.refused("qos-not-supported")).isEqualTo(2);

        // Oversize: the same split; Maximum Packet Size in the CONNACK keeps MQTT 5 clients from sending it.
        Path big = Files.write(dir.resolve("big.json"), new byte[(256 << 10) + 10]);
        Run oversizeV3 = mosquittoPub(
                "-V",
                "mqttv311",
                "-h",
                "127.0.0.1",
                "-u",
                user1,
                "-P",
                pw1,
                "-q",
                "1",
                "-t",
                "devices/monitor-1/status",
                "-f",
                big.toString());
        assertThat(oversizeV3.output()).contains("connection was lost");
        try (RawMqttClient raw = RawMqttClient.open(rig.port())) {
            raw.connect(MqttVersion.MQTT_5, "raw", user1, pw1, null);
            raw.publish("devices/monitor-1/status", MqttQoS.AT_LEAST_ONCE, 9, Files.readAllBytes(big));
            assertThat(RawMqttClient.disconnectReason(raw.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x95);
        }
        assertThat(rig.refused("oversize")).isEqualTo(2);
        paho.disconnect(500).waitForCompletion(5_000);
        paho.close();
    }

    @Test
    void overTlsAClientCertificateMayReplaceThePassword() throws Exception {
        TestCertificates.Pki pki = TestCertificates.generate(dir);
        TestCertificates.Client monitor2 = TestCertificates.client(dir, "monitor-2");
        DeviceMqtt options = DeviceMqtt.DEFAULTS.withTls(new ServerTls(
                pki.serverCert(), pki.serverKey(), Optional.of(pki.caCert()), ClientCertificates.OPTIONAL));
        rig = DeviceMqttRig.start(dir, options, DEBOUNCE);
        String ca = pki.caCert().toString();

        Run password = mosquittoPub(
                "-V",
                "mqttv311",
                "-h",
                "localhost",
                "--cafile",
                ca,
                "-u",
                "monitor-1",
                "-P",
                "secret-monitor-1",
                "-q",
                "1",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(12));
        assertThat(password.exit()).as(password.output()).isZero();
        awaitFault("monitor-1", "door-close-failure");

        Run certificate = mosquittoPub(
                "-V",
                "mqttv5",
                "-h",
                "localhost",
                "--cafile",
                ca,
                "--cert",
                monitor2.cert().toString(),
                "--key",
                monitor2.key().toString(),
                "-q",
                "1",
                "-t",
                "devices/monitor-2/fault",
                "-m",
                fault(92));
        assertThat(certificate.exit()).as(certificate.output()).isZero();
        awaitFault("monitor-2", "over-travel-top");
        assertThat(rig.events(where("device", "state", "online")))
                .filteredOn(e -> e.device().equals("monitor-2"))
                .allSatisfy(e -> {
                    assertThat(e.body().path("certificate").asBoolean()).isTrue();
                    assertThat(e.body().path("tls").asBoolean()).isTrue();
                });

        // monitor-2's certificate does not make anyone else monitor-2, nor monitor-2 anyone else.
        Run impostor = mosquittoPub(
                "-V",
                "mqttv5",
                "-h",
                "localhost",
                "--cafile",
                ca,
                "--cert",
                monitor2.cert().toString(),
                "--key",
                monitor2.key().toString(),
                "-u",
                "monitor-1",
                "-q",
                "1",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(1));
        assertThat(impostor.exit()).isEqualTo(0x86);
        // A certificate from another CA fails the handshake; so does plain MQTT on the TLS port.
        Run wrongCa = mosquittoPub(
                "-V",
                "mqttv5",
                "-h",
                "localhost",
                "--cafile",
                pki.otherCaCert().toString(),
                "-u",
                "monitor-1",
                "-P",
                "secret-monitor-1",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(1));
        assertThat(wrongCa.exit()).isNotZero();
        Run plain = mosquittoPub(
                "-V",
                "mqttv5",
                "-h",
                "localhost",
                "-u",
                "monitor-1",
                "-P",
                "secret-monitor-1",
                "-t",
                "devices/monitor-1/fault",
                "-m",
                fault(1));
        assertThat(plain.exit()).isNotZero();

        // Paho over TLS, trusting the CA only and checking the host name.
        SSLSocketFactory tls =
                UplinkTls.socketFactory(new UpstreamConfig.Tls(pki.caCert(), Optional.empty(), Optional.empty()));
        MqttAsyncClient paho = paho("ssl://localhost:" + rig.port(), "monitor-1", "secret-monitor-1", tls);
        IMqttToken t = paho.publish(
                "devices/monitor-1/fault", new MqttMessage(fault(3).getBytes(StandardCharsets.UTF_8), 1, false, null));
        t.waitForCompletion(10_000);
        assertThat(t.getReasonCodes()).containsExactly(0);
        awaitFault("monitor-1", "overspeed");
        paho.disconnect(500).waitForCompletion(5_000);
        paho.close();
    }
}

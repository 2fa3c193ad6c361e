package io.courtyard.device.mqtt;

import static io.courtyard.testsupport.DeviceMqttRig.where;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.testsupport.DeviceMqttRig;
import io.courtyard.testsupport.RawMqttClient;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The device MQTT listener over real sockets, spoken to packet by packet as a device (or an attacker) would. */
@Timeout(60)
class DeviceMqttListenerTest {
    private static final String STATUS = "{\"floor\":3,\"door\":\"closed\",\"running\":\"stopped\"}";

    @TempDir
    Path dir;

    private DeviceMqttRig rig;

    private DeviceMqttRig rig(DeviceMqtt options) throws Exception {
        rig = DeviceMqttRig.start(dir, options, Map.of());
        return rig;
    }

    @AfterEach
    void close() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int prop(MqttConnAckMessage ack, MqttPropertyType t) {
        return ((IntegerProperty) ack.variableHeader().properties().getProperty(t.value())).value();
    }

    @Test
    void mqtt5LoginTellsTheLimitsAndAQos1StatusIsAcknowledgedOnceJournaled() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient c = RawMqttClient.open(rig.port())) {
            MqttConnAckMessage ack = c.connect(MqttVersion.MQTT_5, "m1", "monitor-1", "secret-monitor-1", null);
            assertThat(ack.variableHeader().connectReturnCode()).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(prop(ack, MqttPropertyType.MAXIMUM_QOS)).isEqualTo(1);
            assertThat(prop(ack, MqttPropertyType.RETAIN_AVAILABLE)).isZero();
            assertThat(prop(ack, MqttPropertyType.RECEIVE_MAXIMUM)).isEqualTo(32);
            assertThat(prop(ack, MqttPropertyType.MAXIMUM_PACKET_SIZE)).isEqualTo(256 << 10);

            c.publish("devices/monitor-1/status", MqttQoS.AT_LEAST_ONCE, 7, utf8(STATUS));
            MqttMessage puback = c.expect(MqttMessageType.PUBACK);
            assertThat(RawMqttClient.reason(puback)).isZero();
            // The PUBACK came after the append was durable: the event is already in the database.
            assertThat(rig.events(where("device", "state", "monitor-status")))
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.device()).isEqualTo("monitor-1");
                        assertThat(e.body().path("floor").asInt()).isEqualTo(3);
                        assertThat(e.body().path("elevator").asText()).isEqualTo("elevator-1");
                    });
            assertThat(rig.events(where("device", "state", "online"))).hasSize(1);
        }
    }

    @Test
    void wrongPasswordIsRefusedWithTheVersionsOwnCodeAndCounted() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient v5 = RawMqttClient.open(rig.port());
                RawMqttClient v3 = RawMqttClient.open(rig.port());
                RawMqttClient nobody = RawMqttClient.open(rig.port())) {
            assertThat(v5.connect(MqttVersion.MQTT_5, "a", "monitor-1", "guess", null)
                            .variableHeader()
                            .connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
            assertThat(v3.connect(MqttVersion.MQTT_3_1_1, "b", "monitor-1", "guess", null)
                            .variableHeader()
                            .connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            // An unknown user gets the same answer: usernames cannot be probed.
            assertThat(nobody.connect(MqttVersion.MQTT_5, "c", "no-such-monitor", "x", null)
                            .variableHeader()
                            .connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD);
            assertThat(v5.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(v3.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(rig.refused("bad-credentials")).isEqualTo(3);
        assertThat(rig.events(where("device", "state", "online"))).isEmpty();
    }

    @Test
    void anAddressThatKeepsFailingIsRefusedEvenWithTheRightSecret() throws Exception {
        rig(new DeviceMqtt(java.util.Optional.empty(), 32, 20, 100, Duration.ofMinutes(5), 2));
        for (int i = 0; i < 2; i++) {
            try (RawMqttClient c = RawMqttClient.open(rig.port())) {
                c.connect(MqttVersion.MQTT_5, "x" + i, "monitor-1", "guess-" + i, null);
            }
        }
        try (RawMqttClient right = RawMqttClient.open(rig.port());
                RawMqttClient old = RawMqttClient.open(rig.port())) {
            assertThat(right.connect(MqttVersion.MQTT_5, "y", "monitor-1", "secret-monitor-1", null)
                            .variableHeader()
                            .connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED);
            assertThat(old.connect(MqttVersion.MQTT_3_1_1, "z", "monitor-1", "secret-monitor-1", null)
                            .variableHeader()
                            .connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
        }
        assertThat(rig.refused("login-throttled")).isEqualTo(2);
    }

    @Test
    void anotherDevicesTopicIsRefusedAsEachVersionCanBeTold() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient v5 = RawMqttClient.open(rig.port())) {
            v5.connect(MqttVersion.MQTT_5, "m1", "monitor-1", "secret-monitor-1", null);
            v5.publish("devices/monitor-2/fault", MqttQoS.AT_LEAST_ONCE, 1, utf8("{\"code\":7}"));
            assertThat(RawMqttClient.reason(v5.expect(MqttMessageType.PUBACK))).isEqualTo(0x87);
            // Still connected: the next publish to its own topic goes through.
            v5.publish("devices/monitor-1/status", MqttQoS.AT_LEAST_ONCE, 2, utf8(STATUS));
            assertThat(RawMqttClient.reason(v5.expect(MqttMessageType.PUBACK))).isZero();
            // QoS 0 has no PUBACK to refuse with: the connection is closed with the reason.
            v5.publish("weather/today", MqttQoS.AT_MOST_ONCE, 0, utf8("sunny"));
            assertThat(RawMqttClient.disconnectReason(v5.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x87);
            assertThat(v5.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
        try (RawMqttClient v3 = RawMqttClient.open(rig.port())) {
            v3.connect(MqttVersion.MQTT_3_1_1, "m1b", "monitor-1", "secret-monitor-1", null);
            v3.publish("devices/monitor-2/fault", MqttQoS.AT_LEAST_ONCE, 1, utf8("{\"code\":7}"));
            // MQTT-3.3.5-2: 3.1.1 has no negative PUBACK, so the server closes.
            assertThat(v3.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(v3.next(Duration.ZERO)).isNull();
        }
        assertThat(rig.refused("topic-denied")).isEqualTo(3);
        assertThat(rig.events(e -> e.device().equals("monitor-2"))).isEmpty();
    }

    @Test
    void qos2IsRefusedCleanly() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient v5 = RawMqttClient.open(rig.port());
                RawMqttClient v3 = RawMqttClient.open(rig.port())) {
            v5.connect(MqttVersion.MQTT_5, "a", "monitor-1", "secret-monitor-1", null);
            v3.connect(MqttVersion.MQTT_3_1_1, "b", "monitor-2", "secret-monitor-2", null);
            v5.publish("devices/monitor-1/status", MqttQoS.EXACTLY_ONCE, 1, utf8(STATUS));
            v3.publish("devices/monitor-2/status", MqttQoS.EXACTLY_ONCE, 1, utf8(STATUS));
            assertThat(RawMqttClient.disconnectReason(v5.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x9B);
            assertThat(v3.awaitClosed(Duration.ofSeconds(5))).isTrue();
            assertThat(v3.next(Duration.ZERO)).as("no PUBREC").isNull();
        }
        assertThat(rig.refused("qos-not-supported")).isEqualTo(2);
        assertThat(rig.events(where("device", "state", "monitor-status"))).isEmpty();
    }

    @Test
    void anOversizePacketIsRefusedFromItsHeader() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        byte[] big = new byte[(256 << 10) + 1];
        java.util.Arrays.fill(big, (byte) 'x');
        try (RawMqttClient v5 = RawMqttClient.open(rig.port());
                RawMqttClient v3 = RawMqttClient.open(rig.port())) {
            v5.connect(MqttVersion.MQTT_5, "a", "monitor-1", "secret-monitor-1", null);
            v3.connect(MqttVersion.MQTT_3_1_1, "b", "monitor-2", "secret-monitor-2", null);
            v5.publish("devices/monitor-1/status", MqttQoS.AT_LEAST_ONCE, 1, big);
            v3.publish("devices/monitor-2/status", MqttQoS.AT_LEAST_ONCE, 1, big);
            assertThat(RawMqttClient.disconnectReason(v5.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x95);
            assertThat(v3.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(rig.refused("oversize")).isEqualTo(2);
    }

    @Test
    void aRetainedPublishOrATopicAliasIsAProtocolErrorInMqtt5() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient retain = RawMqttClient.open(rig.port());
                RawMqttClient alias = RawMqttClient.open(rig.port())) {
            retain.connect(MqttVersion.MQTT_5, "a", "monitor-1", "secret-monitor-1", null);
            alias.connect(MqttVersion.MQTT_5, "b", "monitor-1", "secret-monitor-1", null);
            retain.send(MqttMessageBuilders.publish()
                    .topicName("devices/monitor-1/status")
                    .qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId(1)
                    .retained(true)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(utf8(STATUS)))
                    .build());
            MqttProperties p = new MqttProperties();
            p.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS.value(), 1));
            alias.send(MqttMessageBuilders.publish()
                    .topicName("devices/monitor-1/status")
                    .qos(MqttQoS.AT_LEAST_ONCE)
                    .messageId(1)
                    .properties(p)
                    .payload(io.netty.buffer.Unpooled.wrappedBuffer(utf8(STATUS)))
                    .build());
            assertThat(RawMqttClient.disconnectReason(retain.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x9A);
            assertThat(RawMqttClient.disconnectReason(alias.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x94);
        }
    }

    @Test
    void aDeviceSubscribesOnlyToItsOwnCommandsAndReceivesThem() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient c = RawMqttClient.open(rig.port())) {
            c.connect(MqttVersion.MQTT_5, "a", "monitor-1", "secret-monitor-1", null);
            c.send(MqttMessageBuilders.subscribe()
                    .messageId(5)
                    .addSubscription(MqttQoS.EXACTLY_ONCE, "devices/monitor-1/cmd/#")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/monitor-2/cmd/#")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "#")
                    .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/monitor-1/cmd/#/x")
                    .build());
            MqttSubAckMessage ack = (MqttSubAckMessage) c.expect(MqttMessageType.SUBACK);
            // QoS 2 granted as 1; another device's commands, everything, a broken filter refused.
            assertThat(ack.payload().reasonCodes()).containsExactly(1, 0x87, 0x87, 0x8F);

            var sent = rig.server().command("monitor-1", "status-request", "{\"want\":\"status\"}", 1);
            var publish = (io.netty.handler.codec.mqtt.MqttPublishMessage) c.expect(MqttMessageType.PUBLISH);
            assertThat(publish.variableHeader().topicName()).isEqualTo("devices/monitor-1/cmd/status-request");
            assertThat(publish.content().toString(StandardCharsets.UTF_8)).isEqualTo("{\"want\":\"status\"}");
            c.send(MqttMessageBuilders.pubAck()
                    .packetId(publish.variableHeader().packetId())
                    .build());
            assertThat(sent.get(5, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(rig.server()
                            .command("monitor-2", "status-request", "{}", 1)
                            .get(5, java.util.concurrent.TimeUnit.SECONDS))
                    .as("monitor-2 is not connected")
                    .isZero();
        }
        assertThat(rig.refused("subscribe-denied")).isEqualTo(3);
    }

    @Test
    void aSecondConnectionWithTheSameClientIdTakesOverWithoutAnOfflineInBetween() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient first = RawMqttClient.open(rig.port());
                RawMqttClient second = RawMqttClient.open(rig.port())) {
            first.connect(MqttVersion.MQTT_5, "car-1", "monitor-1", "secret-monitor-1", null);
            assertThat(second.connect(MqttVersion.MQTT_5, "car-1", "monitor-1", "secret-monitor-1", null)
                            .variableHeader()
                            .connectReturnCode())
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(RawMqttClient.disconnectReason(first.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x8E);
            assertThat(first.awaitClosed(Duration.ofSeconds(5))).isTrue();
            second.publish("devices/monitor-1/status", MqttQoS.AT_LEAST_ONCE, 1, utf8(STATUS));
            assertThat(RawMqttClient.reason(second.expect(MqttMessageType.PUBACK)))
                    .isZero();
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !rig.events(where("device", "state", "offline")).isEmpty());
        assertThat(rig.events(e -> e.kind().equals("device")
                        && (e.body().path("state").asText().equals("online")
                                || e.body().path("state").asText().equals("offline"))))
                .extracting(e -> e.body().path("state").asText() + ":"
                        + e.body().path("reason").asText())
                .containsExactly("online:connected", "offline:connection-lost");
    }

    @Test
    void theWillIsJournaledWhenTheConnectionDiesButNotAfterDisconnect() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        for (boolean clean : new boolean[] {true, false}) {
            try (RawMqttClient c = RawMqttClient.open(rig.port())) {
                c.send(MqttMessageBuilders.connect()
                        .protocolVersion(MqttVersion.MQTT_3_1_1)
                        .clientId("w")
                        .cleanSession(true)
                        .keepAlive(30)
                        .hasUser(true)
                        .username("monitor-1")
                        .hasPassword(true)
                        .password(utf8("secret-monitor-1"))
                        .willFlag(true)
                        .willQoS(MqttQoS.AT_LEAST_ONCE)
                        .willTopic("devices/monitor-1/lwt")
                        .willMessage(utf8(clean ? "clean" : "gone"))
                        .build());
                c.expect(MqttMessageType.CONNACK);
                if (clean) {
                    c.send(MqttMessageBuilders.disconnect().build());
                    assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
                } else {
                    c.drop();
                }
            }
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> !rig.events(where("device", "state", "message")).isEmpty());
        assertThat(rig.events(where("device", "state", "message")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.body().path("payload").asText()).isEqualTo("gone");
                    assertThat(e.body().path("topic").asText()).isEqualTo("lwt");
                    assertThat(e.body().path("will").asBoolean()).isTrue();
                });
    }

    @Test
    void aSilentConnectionIsCutAfterOneAndAHalfKeepAlives() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient c = RawMqttClient.open(rig.port())) {
            c.send(MqttMessageBuilders.connect()
                    .protocolVersion(MqttVersion.MQTT_5)
                    .clientId("sleepy")
                    .keepAlive(1)
                    .hasUser(true)
                    .username("monitor-1")
                    .hasPassword(true)
                    .password(utf8("secret-monitor-1"))
                    .build());
            c.expect(MqttMessageType.CONNACK);
            assertThat(RawMqttClient.disconnectReason(c.expect(MqttMessageType.DISCONNECT)))
                    .isEqualTo(0x8D);
            assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> !rig.events(where("device", "reason", "keep-alive-timeout"))
                .isEmpty());
    }

    @Test
    void aMalformedPayloadIsRefusedWith0x99JournaledWithItsReasonAndTheConnectionStays() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        try (RawMqttClient c = RawMqttClient.open(rig.port())) {
            c.connect(MqttVersion.MQTT_5, "a", "monitor-1", "secret-monitor-1", null);
            c.publish("devices/monitor-1/status", MqttQoS.AT_LEAST_ONCE, 1, utf8("{\"floor\":\"roof\"}"));
            assertThat(RawMqttClient.reason(c.expect(MqttMessageType.PUBACK))).isEqualTo(0x99);
            c.publish("devices/monitor-1/status", MqttQoS.AT_LEAST_ONCE, 2, utf8(STATUS));
            assertThat(RawMqttClient.reason(c.expect(MqttMessageType.PUBACK))).isZero();
        }
        assertThat(rig.events(where("device", "state", "malformed")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.body().path("reason").asText())
                            .contains("field floor")
                            .contains("\"roof\"");
                    assertThat(e.body().path("payload").asText()).isEqualTo("{\"floor\":\"roof\"}");
                });
        assertThat(rig.refused("payload-invalid")).isEqualTo(1);
    }

    @Test
    void aFloodingDeviceIsReadNoFasterThanItsRateLosesNothingAndTheOthersCarryOn() throws Exception {
        rig(DeviceMqtt.DEFAULTS.withRate(50, 10));
        int flood = 200;
        try (RawMqttClient flooder = RawMqttClient.open(rig.port());
                RawMqttClient other = RawMqttClient.open(rig.port())) {
            flooder.connect(MqttVersion.MQTT_5, "f", "monitor-1", "secret-monitor-1", null);
            other.connect(MqttVersion.MQTT_3_1_1, "o", "monitor-2", "secret-monitor-2", null);
            long t0 = System.nanoTime();
            for (int i = 0; i < flood; i++) {
                flooder.publish("devices/monitor-1/status", MqttQoS.AT_MOST_ONCE, 0, utf8("{\"runCount\":" + i + "}"));
            }
            // The other monitor is answered as usual while the flooder waits for its rate.
            for (int i = 1; i <= 5; i++) {
                other.publish("devices/monitor-2/status", MqttQoS.AT_LEAST_ONCE, i, utf8(STATUS));
                assertThat(RawMqttClient.reason(other.expect(MqttMessageType.PUBACK)))
                        .isZero();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long read = rig.events(where("device", "state", "monitor-status")).stream()
                    .filter(e -> e.device().equals("monitor-1"))
                    .count();
            // Burst 10, then 50/s: what was handled so far cannot exceed that.
            assertThat(read).isLessThanOrEqualTo(10 + (long) Math.ceil(50 * seconds) + 1);
            // Slowed, never dropped: every message arrives, no sooner than the rate allows.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> rig.events(where("device", "state", "monitor-status")).stream()
                                    .filter(e -> e.device().equals("monitor-1"))
                                    .count()
                            == flood);
            assertThat((System.nanoTime() - t0) / 1e9).isGreaterThanOrEqualTo((flood - 10) / 50.0 - 0.1);
        }
        assertThat(rig.journal()
                        .registry()
                        .get("courtyard.device.mqtt.throttled")
                        .counter()
                        .count())
                .isPositive();
    }

    @Test
    void aConnectionThatNeverSendsItsConnectIsCut() throws Exception {
        rig = DeviceMqttRig.start(
                dir,
                DeviceMqtt.DEFAULTS,
                DeviceMqttRig.monitoring(Map.of(), Duration.ofMinutes(2)),
                new io.courtyard.runtime.net.ListenerLimits(64, 64, Duration.ZERO, Duration.ofMillis(300), 256 << 10));
        try (RawMqttClient c = RawMqttClient.open(rig.port())) {
            assertThat(c.awaitClosed(Duration.ofSeconds(5))).isTrue();
        }
    }

    @Test
    void aPersistentSessionIsPresentAgainWithItsSubscriptions() throws Exception {
        rig(DeviceMqtt.DEFAULTS);
        MqttProperties expiry = new MqttProperties();
        expiry.add(new IntegerProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), 600));
        for (int round = 0; round < 2; round++) {
            try (RawMqttClient c = RawMqttClient.open(rig.port())) {
                c.send(MqttMessageBuilders.connect()
                        .protocolVersion(MqttVersion.MQTT_5)
                        .clientId("keeper")
                        .cleanSession(false)
                        .keepAlive(30)
                        .hasUser(true)
                        .username("monitor-1")
                        .hasPassword(true)
                        .password(utf8("secret-monitor-1"))
                        .properties(expiry)
                        .build());
                MqttConnAckMessage ack = (MqttConnAckMessage) c.expect(MqttMessageType.CONNACK);
                assertThat(ack.variableHeader().isSessionPresent()).isEqualTo(round == 1);
                if (round == 0) {
                    c.send(MqttMessageBuilders.subscribe()
                            .messageId(1)
                            .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/monitor-1/cmd/#")
                            .build());
                    c.expect(MqttMessageType.SUBACK);
                    c.drop();
                } else {
                    assertThat(rig.server()
                                    .command("monitor-1", "ping", "{}", 0)
                                    .get(5, java.util.concurrent.TimeUnit.SECONDS))
                            .as("the resumed session kept its subscription")
                            .isEqualTo(1);
                    c.expect(MqttMessageType.PUBLISH);
                }
            }
            if (round == 0) {
                await().atMost(Duration.ofSeconds(5)).until(() -> !rig.events(where("device", "state", "offline"))
                        .isEmpty());
            }
        }
    }
}

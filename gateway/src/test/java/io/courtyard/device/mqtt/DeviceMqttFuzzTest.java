package io.courtyard.device.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.config.ListenersConfig.DeviceMqtt;
import io.courtyard.testsupport.DeviceMqttRig;
import io.micrometer.core.instrument.Counter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * The device MQTT listener as the gateway runs it (real journal, monitors, listener on a loopback
 * port) fed any bytes over a real socket, before a login or after one (MQTT 5 or 3.1.1) as
 * {@code monitor-1}. Every connection is answered and closed within {@value #WAIT_SECONDS} s once
 * the device stops sending; the listener closes connections only on purpose (refusals, timeouts),
 * never because a handler threw; and after each input another monitor still logs in. Monitor
 * payloads inside the publishes go through the real decoder and journal.
 *
 * <p>Input: one flag byte (0 mod 3: no login, the bytes are all; 1: an MQTT 5 login first; 2: an
 * MQTT 3.1.1 login first), then the bytes.
 */
@Tag("fuzz")
class DeviceMqttFuzzTest {
    static final int WAIT_SECONDS = 5;
    /** Why the listener may cut a connection: on purpose, or the peer went away. */
    private static final Set<String> ON_PURPOSE = Set.of("idle", "messagetimeoutexception", "ioexception");

    private static final byte[] LOGIN_V5 = encode(connect(MqttVersion.MQTT_5, "fuzz-1", "monitor-1"));
    private static final byte[] LOGIN_V3 = encode(connect(MqttVersion.MQTT_3_1_1, "fuzz-1", "monitor-1"));
    private static final byte[] PROBE = encode(connect(MqttVersion.MQTT_5, "probe-2", "monitor-2"));

    private static Path dir;
    private static DeviceMqttRig rig;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("courtyard-device-mqtt-fuzz");
        // Limits high enough that the fuzzer's own pace is never what gets it refused.
        DeviceMqtt options =
                new DeviceMqtt(Optional.empty(), 32, 1_000_000, 1_000_000, Duration.ofMinutes(5), 1_000_000);
        rig = DeviceMqttRig.start(dir, options, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        rig.close();
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "10s")
    @Timeout(30)
    void anyBytesAreAnsweredOrRefusedAndTheListenerCarriesOn(byte[] data) throws Exception {
        if (data.length < 1) {
            return;
        }
        int login = (data[0] & 0xFF) % 3;
        byte[] prefix = login == 1 ? LOGIN_V5 : login == 2 ? LOGIN_V3 : new byte[0];
        Map<String, Double> before = cuts();

        exchange(concat(prefix, Arrays.copyOfRange(data, 1, data.length)));

        Map<String, Double> after = cuts();
        after.forEach((reason, n) -> {
            if (n > before.getOrDefault(reason, 0.0)) {
                assertThat(ON_PURPOSE)
                        .as("the listener cut a connection: %s", reason)
                        .contains(reason);
            }
        });
        byte[] answer = exchange(PROBE);
        assertThat(answer).as("CONNACK to another monitor's login").hasSizeGreaterThanOrEqualTo(4);
        assertThat(answer[0]).isEqualTo((byte) 0x20);
        assertThat(answer[3]).as("CONNACK reason").isZero();
    }

    /** Sends {@code bytes}, half-closes, and reads until the listener closes; fails on a hang. */
    private static byte[] exchange(byte[] bytes) throws IOException {
        // Jazzer's SSRF detector would take the harness's own connection for one the target made.
        try (SilentCloseable toTheListener = BugDetectors.allowNetworkConnections((host, port) -> port == rig.port());
                Socket s = new Socket(InetAddress.getLoopbackAddress(), rig.port())) {
            s.setSoTimeout(WAIT_SECONDS * 1000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(bytes);
                out.flush();
                s.shutdownOutput();
            } catch (IOException closedEarly) {
                // The listener may refuse and close while the rest is still on its way.
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[4096];
            try {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                fail("the listener neither answered nor closed within %d s; %d bytes so far", WAIT_SECONDS, got.size());
            } catch (IOException reset) {
                // A reset after a refusal is a close too.
            }
            return got.toByteArray();
        }
    }

    private static Map<String, Double> cuts() {
        Map<String, Double> by = new HashMap<>();
        for (Counter c : rig.journal()
                .registry()
                .find("courtyard_listener_connections_cut")
                .counters()) {
            by.merge(c.getId().getTag("reason"), c.count(), Double::sum);
        }
        return by;
    }

    static MqttMessage connect(MqttVersion version, String clientId, String user) {
        return MqttMessageBuilders.connect()
                .protocolVersion(version)
                .clientId(clientId)
                .cleanSession(true)
                .keepAlive(60)
                .hasUser(true)
                .username(user)
                .hasPassword(true)
                .password(("secret-" + user).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    /** MQTT packets as a client puts them on the wire; a CONNECT first sets the version for the rest. */
    static byte[] encode(MqttMessage... messages) {
        EmbeddedChannel ch = new EmbeddedChannel(MqttEncoder.INSTANCE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MqttMessage m : messages) {
            ch.writeOutbound(m);
            for (ByteBuf b = ch.readOutbound(); b != null; b = ch.readOutbound()) {
                byte[] chunk = new byte[b.readableBytes()];
                b.readBytes(chunk);
                b.release();
                out.writeBytes(chunk);
            }
        }
        ch.finishAndReleaseAll();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

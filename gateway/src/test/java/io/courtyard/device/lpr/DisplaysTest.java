package io.courtyard.device.lpr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.device.lpr.Displays.Shown;
import io.courtyard.device.lpr.push.VzenithFormat;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.HashedWheelTimer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DisplaysTest {
    private static final Charset GBK = Charset.forName("GBK");
    private final HashedWheelTimer wheel = new HashedWheelTimer(5, TimeUnit.MILLISECONDS);

    @AfterEach
    void stop() {
        wheel.stop();
    }

    @Test
    void aMessageGoesOutInTheNextHeartbeatAnswerAndIsDoneOnceWritten() throws Exception {
        Displays displays = new Displays(wheel, Duration.ofSeconds(10));
        Camera exit = camera(CameraConfig.Vendor.VZENITH, CameraConfig.Display.BOTH);
        var done = displays.post(exit, "欢迎回家 Welcome", 20, "n-1");
        assertThat(done).isNotDone();

        Displays.Taken taken = displays.take(exit);
        assertThat(displays.take(exit)).as("taken once").isNull();
        List<byte[]> frames = taken.frames();
        assertThat(frames).hasSize(2);
        byte[] text = frames.get(0);
        assertThat(text[4]).as("text command").isEqualTo((byte) 0x62);
        assertThat(text[6 + 4]).as("display time").isEqualTo((byte) 20);
        assertThat(contains(text, "欢迎回家 Welcome".getBytes(GBK))).isTrue();
        assertThat(frames.get(1)[4]).as("voice command").isEqualTo((byte) 0x30);

        // The answer: a heartbeat answer that never fires the relay, the frames base64 on channel 0.
        FullHttpResponse res = VzenithFormat.heartbeatAnswer(frames);
        JsonNode body = new ObjectMapper().readTree(res.content().toString(StandardCharsets.UTF_8));
        res.release();
        assertThat(body.path("Response_Heartbeat").path("info").asText()).isEqualTo("no");
        JsonNode serial = body.path("Response_Heartbeat").path("serialData");
        assertThat(serial).hasSize(2);
        assertThat(Base64.getDecoder().decode(serial.get(0).path("data").asText()))
                .isEqualTo(text);
        assertThat(serial.get(0).path("dataLen").asInt()).isEqualTo(text.length);

        assertThat(done).isNotDone();
        taken.sent(null);
        Shown shown = done.get(1, TimeUnit.SECONDS);
        assertThat(shown.kind()).isEqualTo(Shown.Kind.SENT);
        assertThat(shown.detail())
                .isEqualTo("sent to barrier east-exit's display in the answer to its camera's heartbeat (both, 20 s)");
    }

    @Test
    void aLongerTimeIsCappedAtWhatTheFrameCanSay() throws Exception {
        Displays displays = new Displays(wheel, Duration.ofSeconds(10));
        Camera exit = camera(CameraConfig.Vendor.VZENITH, CameraConfig.Display.TEXT);
        var done = displays.post(exit, "维修 Maintenance", 600, "n-2");
        Displays.Taken taken = displays.take(exit);
        assertThat(taken.frames()).hasSize(1);
        assertThat(taken.frames().get(0)[6 + 4] & 0xFF).isEqualTo(255);
        taken.sent(null);
        assertThat(done.get(1, TimeUnit.SECONDS).detail()).endsWith("(text, 255 s, the display's longest)");
    }

    @Test
    void camerasThatCannotPassItOnAndTextTheFontLacksAreRefused() throws Exception {
        Displays displays = new Displays(wheel, Duration.ofSeconds(10));
        Shown hik = displays.post(camera(CameraConfig.Vendor.HIKVISION, CameraConfig.Display.OFF), "Hi", 5, "n")
                .get(1, TimeUnit.SECONDS);
        assertThat(hik.kind()).isEqualTo(Shown.Kind.REFUSED);
        assertThat(hik.reason()).isEqualTo("unsupported");
        assertThat(hik.detail()).contains("is hikvision");
        Shown off = displays.post(camera(CameraConfig.Vendor.VZENITH, CameraConfig.Display.OFF), "Hi", 5, "n")
                .get(1, TimeUnit.SECONDS);
        assertThat(off.reason()).isEqualTo("unsupported");
        assertThat(off.detail()).contains("display: off");
        Shown emoji = displays.post(camera(CameraConfig.Vendor.VZENITH, CameraConfig.Display.TEXT), "🚗 go", 5, "n")
                .get(1, TimeUnit.SECONDS);
        assertThat(emoji.kind()).isEqualTo(Shown.Kind.REFUSED);
        assertThat(emoji.reason()).isEqualTo("invalid-argument");
        assertThat(displays.waiting()).isZero();
    }

    @Test
    void noHeartbeatInTimeFailsAndANewerMessageReplacesAnOlderOne() throws Exception {
        Displays displays = new Displays(wheel, Duration.ofMillis(200));
        Camera exit = camera(CameraConfig.Vendor.VZENITH, CameraConfig.Display.TEXT);
        var first = displays.post(exit, "one", 5, "n-1");
        var second = displays.post(exit, "two", 5, "n-2");
        Shown replaced = first.get(1, TimeUnit.SECONDS);
        assertThat(replaced.kind()).isEqualTo(Shown.Kind.FAILED);
        assertThat(replaced.reason()).isEqualTo("busy");
        assertThat(replaced.detail()).contains("replaced by command n-2");
        Shown late = second.get(5, TimeUnit.SECONDS);
        assertThat(late.kind()).isEqualTo(Shown.Kind.FAILED);
        assertThat(late.reason()).isEqualTo("timeout");
        assertThat(late.detail()).contains("enable its heartbeat");
        assertThat(displays.take(exit))
                .as("a timed-out message is not sent later")
                .isNull();

        // An answer that could not be written: failed, offline.
        var third = displays.post(exit, "three", 5, "n-3");
        displays.take(exit).sent(new java.io.IOException("connection reset"));
        Shown lost = third.get(1, TimeUnit.SECONDS);
        assertThat(lost.kind()).isEqualTo(Shown.Kind.FAILED);
        assertThat(lost.reason()).isEqualTo("offline");
    }

    private static Camera camera(CameraConfig.Vendor vendor, CameraConfig.Display display) {
        CameraConfig c = new CameraConfig(
                vendor,
                List.of(LprTestData.address("127.0.0.1")),
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ofMinutes(2),
                false,
                display,
                Optional.empty(),
                Optional.empty());
        return new Camera("east-exit", "East exit", Direction.EXIT, "VZ-2", false, c);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

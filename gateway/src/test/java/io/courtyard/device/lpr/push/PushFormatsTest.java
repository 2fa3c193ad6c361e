package io.courtyard.device.lpr.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.Reason;
import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Direction;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The three push formats: what they read, what they refuse (naming the field), and what they answer. */
class PushFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String VZENITH =
            """
            {"AlarmInfoPlate": {"channel": 0, "deviceName": "IVS", "ipaddr": "192.168.1.100",
              "result": {"PlateResult": {"license": "京A12345", "colorType": 1, "confidence": 96, "type": 1,
                "direction": 4, "triggerType": 8, "plateid": 1234, "isoffline": %d,
                "timeStamp": {"Timeval": {"sec": 1772416800, "usec": 250000}},
                "imageFile": "/9j/AA==", "gioouts": [{"ionum": "0", "ctrltype": 0}]}},
              "serialno": "eff50e18-e3d3862b"}}
            """;

    private static FullHttpRequest post(String contentType, byte[] body) {
        FullHttpRequest r = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, "/lpr/x", Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return r;
    }

    private static FullHttpRequest json(String body) {
        return post("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static CameraConfig camera(boolean retransferStop, CameraConfig.Display display) {
        return new CameraConfig(
                CameraConfig.Vendor.VZENITH,
                List.of(),
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ofMinutes(2),
                retransferStop,
                display,
                Optional.empty(),
                Optional.empty());
    }

    private static JsonNode body(FullHttpResponse r) throws Exception {
        return JSON.readTree(r.content().toString(StandardCharsets.UTF_8));
    }

    @Test
    void aVzenithPushIsReadFieldByFieldWithItsTimeAndItsKey() throws Exception {
        CameraMessage m = VzenithFormat.INSTANCE.decode(json(VZENITH.formatted(0)), true);

        PlateRead r = ((CameraMessage.Plate) m).read();
        assertThat(r.serial()).isEqualTo("eff50e18-e3d3862b");
        assertThat(r.plate()).isEqualTo("京A12345");
        assertThat(r.confidence()).isEqualTo(96);
        assertThat(r.replay()).isFalse();
        assertThat(r.cameraTime()).isEqualTo(Instant.ofEpochSecond(1772416800, 250_000_000));
        assertThat(r.key("VZ-1")).isEqualTo("vzenith/VZ-1/1234");
        assertThat(r.images()).hasSize(1);
        assertThat(r.images().get(0).bytes().get()).containsExactly(0xFF, 0xD8, 0xFF, 0x00);
    }

    @Test
    void anOfflineRecordIsAReplayAndItsAnswerNeverOpensAndAsksForTheNext() throws Exception {
        PlateRead r = ((CameraMessage.Plate) VzenithFormat.INSTANCE.decode(json(VZENITH.formatted(1)), false)).read();

        FullHttpResponse res = VzenithFormat.INSTANCE.answer(
                r, Answer.shut(Reason.GRANTED, true), camera(true, CameraConfig.Display.BOTH), Direction.ENTRY);

        JsonNode a = body(res).path("Response_AlarmInfoPlate");
        assertThat(r.replay()).isTrue();
        assertThat(a.path("info").asText()).isEqualTo("no");
        assertThat(a.path("ContinuePushOffline").path("plateid").asLong()).isEqualTo(1234);
        assertThat(a.path("ContinuePushOffline").path("continue").asInt()).isEqualTo(1);
        assertThat(a.path("content").asText()).isEqualTo("retransfer_stop");
        assertThat(a.has("serialData")).as("nothing shown for a car long gone").isFalse();
    }

    @Test
    void anOpenAnswerSaysOkWithThePlateidAndANotRecordedOneIs503() throws Exception {
        PlateRead r = ((CameraMessage.Plate) VzenithFormat.INSTANCE.decode(json(VZENITH.formatted(0)), false)).read();

        JsonNode ok = body(VzenithFormat.INSTANCE.answer(
                        r, Answer.open(Reason.GRANTED), camera(false, CameraConfig.Display.VOICE), Direction.ENTRY))
                .path("Response_AlarmInfoPlate");
        FullHttpResponse failed = VzenithFormat.INSTANCE.answer(
                r, Answer.notRecorded(false), camera(false, CameraConfig.Display.OFF), Direction.ENTRY);

        assertThat(ok.path("info").asText()).isEqualTo("ok");
        assertThat(ok.path("plateid").asLong()).isEqualTo(1234);
        assertThat(ok.path("serialData")).hasSize(1);
        assertThat(failed.status().code()).isEqualTo(503);
        assertThat(body(failed).path("Response_AlarmInfoPlate").path("info").asText())
                .isEqualTo("no");
    }

    @Test
    void noPlateAHeartbeatAndAnIoTriggerAreToldApart() throws Exception {
        PlateRead none = ((CameraMessage.Plate)
                        VzenithFormat.INSTANCE.decode(json(VZENITH.formatted(0).replace("京A12345", "_无_")), false))
                .read();
        assertThat(none.plate()).isNull();
        String form = "--b\r\nContent-Disposition: form-data; name=\"serialno\"\r\n\r\nd85b1269-8f942256\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"pass_wd\"\r\n\r\nadmin\r\n--b--\r\n";
        CameraMessage hb = VzenithFormat.INSTANCE.decode(
                post("multipart/form-data; boundary=b", form.getBytes(StandardCharsets.UTF_8)), false);
        assertThat(hb).isEqualTo(new CameraMessage.Heartbeat("d85b1269-8f942256"));
        CameraMessage io = VzenithFormat.INSTANCE.decode(
                json("{\"AlarmGioIn\": {\"serialno\": \"d85b\", \"result\": {}}}"), false);
        assertThat(io).isEqualTo(new CameraMessage.Other("d85b", "AlarmGioIn"));
    }

    @Test
    void truncatedJsonWrongTypesAndDeepNestingAreRefusedNamingTheField() {
        assertThatThrownBy(() ->
                        VzenithFormat.INSTANCE.decode(json(VZENITH.formatted(0).substring(0, 120)), false))
                .isInstanceOf(MalformedPush.class)
                .hasMessageStartingWith("body: not valid JSON at line");
        assertThatThrownBy(() -> VzenithFormat.INSTANCE.decode(
                        json(VZENITH.formatted(0).replace("\"confidence\": 96", "\"confidence\": \"high\"")), false))
                .hasMessage("AlarmInfoPlate.result.PlateResult.confidence: expected an integer from 0 to 100, found the"
                        + " string \"high\"");
        assertThatThrownBy(() -> VzenithFormat.INSTANCE.decode(
                        json(VZENITH.formatted(0).replace("\"plateid\": 1234", "\"plateid\": -5")), false))
                .hasMessageContaining("plateid");
        assertThatThrownBy(() -> VzenithFormat.INSTANCE.decode(json("[1,2]"), false))
                .hasMessageContaining("expected a JSON object");
        assertThatThrownBy(
                        () -> VzenithFormat.INSTANCE.decode(json("{\"a\":".repeat(100) + "1" + "}".repeat(100)), false))
                .isInstanceOf(MalformedPush.class);
    }

    static final String ANPR =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
            <ipAddress>192.168.1.64</ipAddress><channelID>1</channelID>
            <dateTime>2026-03-02T10:00:00+08:00</dateTime><eventType>ANPR</eventType>
            <ANPR><licensePlate>京A12345</licensePlate><confidenceLevel>97</confidenceLevel>
            <plateColor>blue</plateColor><vehicleListName>allowList</vehicleListName></ANPR>
            <UUID>2bf3c5d6-0000-4000-8000-000000000001</UUID><isDataRetransmission>%s</isDataRetransmission>
            </EventNotificationAlert>
            """;

    private static FullHttpRequest multipart(String xml, boolean picture) {
        String b = "--BND\r\nContent-Disposition: form-data; name=\"anpr.xml\"; filename=\"anpr.xml\"\r\n"
                + "Content-Type: application/xml\r\n\r\n" + xml + "\r\n";
        if (picture) {
            b += "--BND\r\nContent-Disposition: form-data; name=\"licensePlatePicture.jpg\";"
                    + " filename=\"licensePlatePicture.jpg\"\r\nContent-Type: image/jpeg\r\n\r\nJPEGDATA\r\n";
        }
        b += "--BND--\r\n";
        return post("multipart/form-data; boundary=BND", b.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aHikvisionAlertIsReadFromItsAnprXmlPartWithThePictureWhenKept() throws Exception {
        PlateRead r = ((CameraMessage.Plate)
                        HikvisionFormat.INSTANCE.decode(multipart(ANPR.formatted("false"), true), true))
                .read();

        assertThat(r.serial()).isNull();
        assertThat(r.pushId()).isEqualTo("2bf3c5d6-0000-4000-8000-000000000001");
        assertThat(r.plate()).isEqualTo("京A12345");
        assertThat(r.confidence()).isEqualTo(97);
        assertThat(r.list()).isEqualTo("allowList");
        assertThat(r.cameraTime()).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));
        assertThat(r.images()).hasSize(1);
        assertThat(new String(r.images().get(0).bytes().get(), StandardCharsets.US_ASCII))
                .isEqualTo("JPEGDATA");
        PlateRead again = ((CameraMessage.Plate)
                        HikvisionFormat.INSTANCE.decode(multipart(ANPR.formatted("true"), true), false))
                .read();
        assertThat(again.replay()).isTrue();
        assertThat(again.images()).as("not kept: not copied").isEmpty();
    }

    @Test
    void anXmlAlertAloneAndANonAnprAlertAreUnderstood() throws Exception {
        CameraMessage bare = HikvisionFormat.INSTANCE.decode(
                post("application/xml", ANPR.formatted("false").getBytes(StandardCharsets.UTF_8)), false);
        assertThat(bare).isInstanceOf(CameraMessage.Plate.class);
        CameraMessage beat = HikvisionFormat.INSTANCE.decode(
                post(
                        "application/xml",
                        ANPR.formatted("false")
                                .replace("<eventType>ANPR", "<eventType>heartBeat")
                                .getBytes(StandardCharsets.UTF_8)),
                false);
        assertThat(beat).isInstanceOf(CameraMessage.Heartbeat.class);
    }

    @Test
    void anExternalEntityABadRootAndAMissingXmlPartAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<EventNotificationAlert><eventType>ANPR</eventType><UUID>u</UUID>"
                + "<ANPR><licensePlate>&e;</licensePlate></ANPR></EventNotificationAlert>";
        assertThatThrownBy(() -> HikvisionFormat.INSTANCE.decode(
                        post("application/xml", xxe.getBytes(StandardCharsets.UTF_8)), false))
                .isInstanceOf(MalformedPush.class);
        assertThatThrownBy(() -> HikvisionFormat.INSTANCE.decode(
                        post("application/xml", "<Other/>".getBytes(StandardCharsets.UTF_8)), false))
                .hasMessageContaining("EventNotificationAlert");
        String noXml = "--BND\r\nContent-Disposition: form-data; name=\"a.jpg\"; filename=\"a.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nX\r\n--BND--\r\n";
        assertThatThrownBy(() -> HikvisionFormat.INSTANCE.decode(
                        post("multipart/form-data; boundary=BND", noXml.getBytes(StandardCharsets.UTF_8)), false))
                .hasMessageContaining("anpr.xml");
        String truncated =
                "--BND\r\nContent-Disposition: form-data; name=\"anpr.xml\"; filename=\"anpr.xml\"\r\n\r\n<Even";
        assertThatThrownBy(() -> HikvisionFormat.INSTANCE.decode(
                        post("multipart/form-data; boundary=BND", truncated.getBytes(StandardCharsets.UTF_8)), false))
                .isInstanceOf(MalformedPush.class);
    }

    /**
     * Found by the push fuzz targets: Netty's multipart decoder threw NullPointerException (no
     * boundary) and ArrayIndexOutOfBoundsException (a disposition parameter without '='), which
     * the listener answered with a 500 and a stack trace per request.
     */
    @Test
    void multipartBodiesThatBreakNettysDecoderAreMalformedPushes() {
        String xmlPart = "Content-Disposition: form-data; name=\"anpr.xml\"; filename=\"anpr.xml\"\r\n"
                + "Content-Type: application/xml\r\n\r\n" + ANPR.formatted("false") + "\r\n--BND--\r\n";
        assertThatThrownBy(() -> HikvisionFormat.INSTANCE.decode(
                        post("multipart/form-data", ("--BND\r\n" + xmlPart).getBytes(StandardCharsets.UTF_8)), false))
                .isInstanceOf(MalformedPush.class)
                .hasMessage("body: malformed multipart body: NullPointerException");
        String form = "--b\r\nContent-Disposition: form-data; name<\"pass_wd\"\r\n\r\nadmin\r\n--b--\r\n";
        assertThatThrownBy(() -> VzenithFormat.INSTANCE.decode(
                        post("multipart/form-data; boundary=b", form.getBytes(StandardCharsets.UTF_8)), false))
                .isInstanceOf(MalformedPush.class)
                .hasMessage("body: malformed multipart body: ArrayIndexOutOfBoundsException");
    }

    /** Found by HikvisionPushFuzzTest: the JDK's XML reader threw MissingResourceException on this DTD. */
    @Test
    void anAlertWhoseDtdTheJdkCannotEvenDescribeIsMalformed() {
        String xml =
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"zz\">CTYPU\u0000\u0000]><EventNotificationAlert/>";
        assertThatThrownBy(() -> HikvisionFormat.INSTANCE.decode(
                        post("application/xml", xml.getBytes(StandardCharsets.UTF_8)), false))
                .isInstanceOf(MalformedPush.class)
                .hasMessageStartingWith("anpr.xml: not well-formed XML");
    }

    @Test
    void theGenericFormatReadsItsDocumentedFieldsAndAnswersOpen() throws Exception {
        String push = "{\"camera\":\"GEN-1\",\"id\":\"r-17\",\"plate\":\"京A12345\",\"confidence\":93,"
                + "\"time\":\"2026-03-02T10:00:00+08:00\",\"offline\":false,\"color\":\"blue\"}";
        PlateRead r = ((CameraMessage.Plate) GenericFormat.INSTANCE.decode(json(push), false)).read();
        assertThat(r.key("GEN-1")).isEqualTo("generic/GEN-1/r-17");
        assertThat(r.cameraTime()).isEqualTo(Instant.parse("2026-03-02T02:00:00Z"));

        JsonNode a = body(GenericFormat.INSTANCE.answer(
                r, Answer.open(Reason.GRANTED), camera(false, CameraConfig.Display.OFF), Direction.ENTRY));
        assertThat(a.path("open").asBoolean()).isTrue();
        assertThat(a.path("reason").asText()).isEqualTo("granted");
        assertThat(a.path("recorded").asBoolean()).isTrue();
        assertThatThrownBy(() -> GenericFormat.INSTANCE.decode(json(push.replace("93", "\"93%\"")), false))
                .hasMessageStartingWith("confidence:");
        assertThatThrownBy(() -> GenericFormat.INSTANCE.decode(json(push.replace("+08:00", "")), false))
                .hasMessageStartingWith("time:");
        assertThat(GenericFormat.INSTANCE.decode(json("{\"camera\":\"GEN-1\",\"heartbeat\":true}"), false))
                .isEqualTo(new CameraMessage.Heartbeat("GEN-1"));
    }
}

package io.courtyard.device.lpr.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Direction;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Vzenith (臻识) HTTP push. A plate is {@code {"AlarmInfoPlate": {"serialno", "result": {"PlateResult":
 * {"license", "confidence", "plateid", "isoffline", "timeStamp": {"Timeval": {"sec", "usec"}}, ...}}}}};
 * heartbeats are {@code multipart/form-data} with a {@code serialno} field. The camera acts on the
 * answer: {@code "info": "ok"} fires its barrier relay, {@code "no"} does not; an offline record
 * ({@code isoffline: 1}) is followed by the next only when the answer carries
 * {@code "ContinuePushOffline": {"plateid", "continue": 1}}.
 */
public final class VzenithFormat implements PushFormat {
    static final VzenithFormat INSTANCE = new VzenithFormat();
    private static final String ROOT = "AlarmInfoPlate";
    private static final String RESULT = ROOT + ".result.PlateResult";
    /** What Vzenith firmware writes when it saw a vehicle but no plate. */
    private static final Set<String> NO_PLATE = Set.of("", "_无_", "无", "无车牌", "无牌车", "unknown");

    private VzenithFormat() {}

    @Override
    public CameraConfig.Vendor vendor() {
        return CameraConfig.Vendor.VZENITH;
    }

    @Override
    public CameraMessage decode(FullHttpRequest request, boolean keepImages) throws MalformedPush {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "");
        if (type.startsWith("multipart/form-data")) {
            String serial = FormFields.read(request).get("serialno");
            if (serial == null || serial.isBlank()) {
                throw new MalformedPush("serialno", "the heartbeat's serial number", "nothing");
            }
            return new CameraMessage.Heartbeat(serial);
        }
        JsonNode body = JsonFields.parse(request.content());
        if (!body.has(ROOT)) {
            // IO triggers and RS-485 data arrive on the same URL on some setups: alive, nothing to decide.
            for (String other : List.of("AlarmGioIn", "SerialData", "heartbeat")) {
                if (body.get(other) instanceof ObjectNode o) {
                    return new CameraMessage.Other(JsonFields.text(o, "serialno", other, true), other);
                }
            }
        }
        JsonNode alarm = JsonFields.object(body, ROOT, "");
        String serial = JsonFields.text(alarm, "serialno", ROOT, true);
        JsonNode r = JsonFields.object(JsonFields.object(alarm, "result", ROOT), "PlateResult", ROOT + ".result");
        String license = JsonFields.text(r, "license", RESULT, true);
        long plateId = JsonFields.integer(r, "plateid", RESULT, 0, 0xFFFF_FFFFL, null);
        int confidence = (int) JsonFields.integer(r, "confidence", RESULT, 0, 100, 0L);
        boolean offline = JsonFields.integer(r, "isoffline", RESULT, 0, 1, 0L) == 1;
        Instant at = time(r);
        String color =
                r.has("colorType") ? Long.toString(JsonFields.integer(r, "colorType", RESULT, 0, 255, 0L)) : null;
        List<PlateRead.Image> images = new ArrayList<>(2);
        if (keepImages) {
            image(r, "imageFile", "full.jpg", images);
            image(r, "imageFragmentFile", "plate.jpg", images);
        }
        String plate = NO_PLATE.contains(license.strip()) ? null : license;
        return new CameraMessage.Plate(new PlateRead(
                vendor(), serial, Long.toString(plateId), plate, confidence, at, offline, color, null, images));
    }

    /** {@code timeStamp.Timeval.sec} (epoch seconds) and {@code usec}; absent means the camera did not say. */
    private static Instant time(JsonNode r) throws MalformedPush {
        JsonNode ts = r.get("timeStamp");
        if (ts == null || ts.isNull()) {
            return null;
        }
        JsonNode tv = JsonFields.object(JsonFields.object(r, "timeStamp", RESULT), "Timeval", RESULT + ".timeStamp");
        String p = RESULT + ".timeStamp.Timeval";
        long sec = JsonFields.integer(tv, "sec", p, 0, 253_402_300_799L, null);
        long usec = JsonFields.integer(tv, "usec", p, 0, 999_999, 0L);
        return Instant.ofEpochSecond(sec, usec * 1000);
    }

    private static void image(JsonNode r, String field, String name, List<PlateRead.Image> into) throws MalformedPush {
        JsonNode n = r.get(field);
        if (n == null || n.isNull() || n.isTextual() && n.textValue().isEmpty()) {
            return;
        }
        if (!n.isTextual()) {
            throw new MalformedPush(RESULT + "." + field, "a base64 string", JsonFields.describe(n));
        }
        String b64 = n.textValue();
        into.add(new PlateRead.Image(name, () -> Base64.getMimeDecoder().decode(b64)));
    }

    @Override
    public FullHttpResponse answer(PlateRead read, Answer answer, CameraConfig camera, Direction direction) {
        ObjectNode root = PushFormat.JSON.createObjectNode();
        ObjectNode res = root.putObject("Response_AlarmInfoPlate");
        long plateId = Long.parseLong(read.pushId());
        res.put("info", answer.opens() ? "ok" : "no");
        res.put("plateid", plateId);
        if (read.replay()) {
            // Recorded: the camera may drop it and send the next. Not recorded: keep it, stop for now.
            ObjectNode cont = res.putObject("ContinuePushOffline");
            cont.put("plateid", plateId);
            cont.put("continue", answer.kind() == Answer.Kind.NOT_RECORDED ? 0 : 1);
        }
        if (camera.retransferStop() && answer.kind() != Answer.Kind.NOT_RECORDED) {
            res.put("content", "retransfer_stop");
        }
        serialData(res, LedDisplay.frames(camera.display(), direction, read.plate(), answer));
        // Not recorded: a 503 makes the camera keep the read as an offline record and send it again.
        HttpResponseStatus status = answer.kind() == Answer.Kind.NOT_RECORDED
                ? HttpResponseStatus.SERVICE_UNAVAILABLE
                : HttpResponseStatus.OK;
        return PushFormat.json(status, root);
    }

    @Override
    public FullHttpResponse acknowledge(CameraMessage message) {
        return PushFormat.emptyJson();
    }

    /**
     * The answer to a heartbeat that carries display frames to the barrier's RS-485 port:
     * {@code {"Response_Heartbeat": {"info": "no", "serialData": [...]}}}. Always {@code "no"}: an
     * {@code "ok"} in a heartbeat answer fires the barrier relay, and a message never opens anything.
     */
    public static FullHttpResponse heartbeatAnswer(List<byte[]> frames) {
        ObjectNode root = PushFormat.JSON.createObjectNode();
        ObjectNode res = root.putObject("Response_Heartbeat");
        res.put("info", "no");
        serialData(res, frames);
        return PushFormat.json(HttpResponseStatus.OK, root);
    }

    private static void serialData(ObjectNode res, List<byte[]> frames) {
        if (frames.isEmpty()) {
            return;
        }
        ArrayNode serial = res.putArray("serialData");
        for (byte[] f : frames) {
            serial.addObject()
                    .put("serialChannel", 0)
                    .put("data", Base64.getEncoder().encodeToString(f))
                    .put("dataLen", f.length);
        }
    }
}

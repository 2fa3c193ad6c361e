package io.courtyard.device.lpr.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Direction;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Courtyard's own JSON push for any other camera (README: "Generic JSON"): {@code {"camera", "id",
 * "plate", "confidence", "time"?, "offline"?, "color"?, "images"?: [{"name", "data"}]}}, or
 * {@code {"camera", "heartbeat": true}}. The answer says {@code "open"}; the camera (or the box in
 * front of it) raises the barrier on {@code true}.
 */
public final class GenericFormat implements PushFormat {
    static final GenericFormat INSTANCE = new GenericFormat();

    private GenericFormat() {}

    @Override
    public CameraConfig.Vendor vendor() {
        return CameraConfig.Vendor.GENERIC;
    }

    @Override
    public CameraMessage decode(FullHttpRequest request, boolean keepImages) throws MalformedPush {
        JsonNode body = JsonFields.parse(request.content());
        String camera = JsonFields.text(body, "camera", "", true);
        if (JsonFields.bool(body, "heartbeat", "", false)) {
            return new CameraMessage.Heartbeat(camera);
        }
        JsonNode idNode = body.get("id");
        String id =
                idNode != null && idNode.isIntegralNumber() ? idNode.asText() : JsonFields.text(body, "id", "", true);
        if (id.isEmpty() || id.length() > 64) {
            throw new MalformedPush("id", "1-64 characters", id.length() + " characters");
        }
        String plate = JsonFields.text(body, "plate", "", false);
        int confidence = (int) JsonFields.integer(body, "confidence", "", 1, 100, null);
        String time = JsonFields.text(body, "time", "", false);
        Instant at = null;
        if (time != null) {
            try {
                at = OffsetDateTime.parse(time).toInstant();
            } catch (DateTimeParseException e) {
                throw new MalformedPush(
                        "time",
                        "ISO-8601 with an offset, e.g. 2026-03-02T08:15:30+08:00",
                        "'" + (time.length() > 40 ? time.substring(0, 40) + "…" : time) + "'");
            }
        }
        boolean offline = JsonFields.bool(body, "offline", "", false);
        String color = JsonFields.text(body, "color", "", false);
        List<PlateRead.Image> images = new ArrayList<>();
        JsonNode list = body.get("images");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new MalformedPush("images", "an array", JsonFields.describe(list));
            }
            for (int i = 0; i < list.size(); i++) {
                String path = "images[" + i + "]";
                JsonNode item = list.get(i);
                if (!item.isObject()) {
                    throw new MalformedPush(path, "an object", JsonFields.describe(item));
                }
                String name = JsonFields.text(item, "name", path, true);
                JsonNode data = item.get("data");
                if (data == null || !data.isTextual()) {
                    throw new MalformedPush(path + ".data", "a base64 string", JsonFields.describe(data));
                }
                if (keepImages) {
                    String b64 = data.textValue();
                    images.add(new PlateRead.Image(
                            name, () -> Base64.getMimeDecoder().decode(b64)));
                }
            }
        }
        String read = plate == null || plate.isBlank() ? null : plate;
        return new CameraMessage.Plate(
                new PlateRead(vendor(), camera, id, read, confidence, at, offline, color, null, images));
    }

    @Override
    public FullHttpResponse answer(PlateRead read, Answer answer, CameraConfig camera, Direction direction) {
        ObjectNode n = PushFormat.JSON.createObjectNode();
        n.put("id", read.pushId());
        n.put("open", answer.opens());
        n.put("recorded", answer.kind() != Answer.Kind.NOT_RECORDED);
        if (answer.reason() != null) {
            n.put("decision", answer.reason().grants() ? "grant" : "deny");
            n.put("reason", answer.reason().code());
        }
        if (answer.kind() != Answer.Kind.NOT_RECORDED && !answer.replay()) {
            n.put("display", LedDisplay.message(direction, answer));
        }
        HttpResponseStatus status = answer.kind() == Answer.Kind.NOT_RECORDED
                ? HttpResponseStatus.SERVICE_UNAVAILABLE
                : HttpResponseStatus.OK;
        return PushFormat.json(status, n);
    }

    @Override
    public FullHttpResponse acknowledge(CameraMessage message) {
        return PushFormat.emptyJson();
    }
}

package io.courtyard.device.lpr.push;

import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Direction;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hikvision ISAPI alarm push ("HTTP listening"): a {@code multipart/form-data} POST whose
 * {@code anpr.xml} part is an {@code EventNotificationAlert} with {@code eventType} ANPR, the
 * {@code ANPR} block ({@code licensePlate}, {@code confidenceLevel}, {@code plateColor},
 * {@code vehicleListName}, ...), a {@code UUID} and {@code isDataRetransmission}, and picture parts.
 * Some firmware posts the XML alone. The camera does not act on the answer: a 200 tells it the alert
 * arrived (a 503 makes it retransmit); the gateway opens the barrier itself through ISAPI.
 */
public final class HikvisionFormat implements PushFormat {
    static final HikvisionFormat INSTANCE = new HikvisionFormat();
    /** What the firmware writes when it saw a vehicle but no plate. */
    private static final Set<String> NO_PLATE = Set.of("", "unknown", "无车牌", "无牌车", "车牌");

    private HikvisionFormat() {}

    @Override
    public CameraConfig.Vendor vendor() {
        return CameraConfig.Vendor.HIKVISION;
    }

    @Override
    public CameraMessage decode(FullHttpRequest request, boolean keepImages) throws MalformedPush {
        String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE, "").toLowerCase(Locale.ROOT);
        byte[] xml = null;
        List<PlateRead.Image> images = new ArrayList<>(2);
        if (type.startsWith("multipart/")) {
            FormFields.KeepFile keep = (name, file, ct) -> keepImages || isXml(file == null ? name : file, ct);
            for (FormFields.Part p : FormFields.parts(request, keep)) {
                if (xml == null && isXml(p.filename() == null ? p.name() : p.filename(), p.contentType())) {
                    xml = p.bytes();
                } else if (keepImages && p.filename() != null && p.bytes().length > 0) {
                    byte[] b = p.bytes();
                    images.add(new PlateRead.Image(p.filename(), () -> b));
                }
            }
            if (xml == null) {
                throw new MalformedPush("anpr.xml", "a part with the EventNotificationAlert", "none among the parts");
            }
        } else if (type.contains("xml")) {
            xml = ByteBufUtil.getBytes(request.content());
        } else {
            throw new MalformedPush(
                    "Content-Type", "multipart/form-data or application/xml", type.isEmpty() ? "nothing" : type);
        }
        Map<String, String> alert = AnprXml.read(xml);
        String event = alert.getOrDefault("eventType", "");
        if (!"ANPR".equalsIgnoreCase(event)) {
            // Heartbeats and other alerts keep the camera counted as alive.
            return new CameraMessage.Heartbeat(null);
        }
        String uuid = alert.get("UUID");
        if (uuid == null || uuid.isEmpty() || uuid.length() > 64) {
            throw new MalformedPush(
                    "UUID",
                    "the alert's UUID (1-64 characters)",
                    uuid == null ? "nothing" : uuid.length() + " characters");
        }
        String license = alert.get("ANPR/licensePlate");
        if (license == null) {
            throw new MalformedPush("ANPR/licensePlate", "the plate element", "nothing");
        }
        int confidence = integer(alert, "ANPR/confidenceLevel");
        boolean retransmission = bool(alert, "isDataRetransmission");
        return new CameraMessage.Plate(new PlateRead(
                vendor(),
                null,
                uuid,
                NO_PLATE.contains(license) ? null : license,
                confidence,
                time(alert.get("dateTime")),
                retransmission,
                alert.get("ANPR/plateColor"),
                alert.get("ANPR/vehicleListName"),
                images));
    }

    private static boolean isXml(String name, String contentType) {
        return name != null && name.toLowerCase(Locale.ROOT).endsWith(".xml")
                || contentType != null && contentType.toLowerCase(Locale.ROOT).contains("xml");
    }

    private static int integer(Map<String, String> alert, String path) throws MalformedPush {
        String v = alert.get(path);
        if (v == null || v.isEmpty()) {
            return 0;
        }
        if (!v.matches("\\d{1,3}") || Integer.parseInt(v) > 100) {
            throw new MalformedPush(path, "an integer from 0 to 100", v.length() > 16 ? "a long text" : "'" + v + "'");
        }
        return Integer.parseInt(v);
    }

    private static boolean bool(Map<String, String> alert, String path) throws MalformedPush {
        String v = alert.getOrDefault(path, "false");
        return switch (v) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new MalformedPush(path, "true or false", v.length() > 16 ? "a long text" : "'" + v + "'");
        };
    }

    /** ISO-8601 with an offset; without one the camera's zone is unknown, so the time is not used. */
    private static Instant time(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public FullHttpResponse answer(PlateRead read, Answer answer, CameraConfig camera, Direction direction) {
        HttpResponseStatus status = answer.kind() == Answer.Kind.NOT_RECORDED
                ? HttpResponseStatus.SERVICE_UNAVAILABLE
                : HttpResponseStatus.OK;
        return PushFormat.response(status, "text/plain; charset=utf-8", new byte[0]);
    }

    @Override
    public FullHttpResponse acknowledge(CameraMessage message) {
        return PushFormat.response(HttpResponseStatus.OK, "text/plain; charset=utf-8", new byte[0]);
    }
}

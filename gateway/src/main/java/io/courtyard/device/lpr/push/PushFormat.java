package io.courtyard.device.lpr.push;

import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Direction;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One camera push format: turns a whole HTTP request into a {@link CameraMessage} and an
 * {@link Answer} into the HTTP response that camera acts on. Codecs only: no decision here.
 */
public sealed interface PushFormat permits VzenithFormat, HikvisionFormat, GenericFormat {
    com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    CameraConfig.Vendor vendor();

    /**
     * @param keepImages whether the camera's pictures are wanted (their bytes are copied only then)
     */
    CameraMessage decode(FullHttpRequest request, boolean keepImages) throws MalformedPush;

    /** The response to a decided (or unrecordable) read. */
    FullHttpResponse answer(PlateRead read, Answer answer, CameraConfig camera, Direction direction);

    /** The response to a heartbeat or a push the gateway only notes. */
    FullHttpResponse acknowledge(CameraMessage message);

    static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        return res;
    }

    /** A JSON answer; the formats' answers are small objects, written at once. */
    static FullHttpResponse json(HttpResponseStatus status, com.fasterxml.jackson.databind.JsonNode body) {
        try {
            return response(status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {}}: what a heartbeat or a push the gateway only notes is answered with. */
    static FullHttpResponse emptyJson() {
        return json(HttpResponseStatus.OK, JSON.createObjectNode());
    }

    /** The three formats by vendor. */
    static PushFormat of(CameraConfig.Vendor vendor) {
        return switch (vendor) {
            case VZENITH -> VzenithFormat.INSTANCE;
            case HIKVISION -> HikvisionFormat.INSTANCE;
            case GENERIC -> GenericFormat.INSTANCE;
        };
    }
}

package io.courtyard.sim.lpr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/** A camera speaking Courtyard's generic JSON push (README, "Generic JSON"). */
public final class GenericCamera implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String serial;
    private final CameraLink link;
    private final PushClient client;
    private final AtomicLong nextId = new AtomicLong(1);

    /** The gateway's answer: status and body (null when none came). */
    public record Push(String id, int status, JsonNode answer) {
        public boolean opened() {
            return answer != null && answer.path("open").asBoolean();
        }
    }

    public GenericCamera(String serial, CameraLink link, EventLoopGroup group) {
        this.serial = serial;
        this.link = link;
        this.client = new PushClient(group, link.gateway(), link.from());
    }

    public Push read(String plate, int confidence, boolean offline) {
        String id = "r-" + nextId.getAndIncrement();
        ObjectNode n = JSON.createObjectNode()
                .put("camera", serial)
                .put("id", id)
                .put("plate", plate)
                .put("confidence", confidence)
                .put("time", Instant.now().toString().replace("Z", "+00:00"))
                .put("offline", offline);
        return send(id, n);
    }

    public Push heartbeat() {
        return send(null, JSON.createObjectNode().put("camera", serial).put("heartbeat", true));
    }

    private Push send(String id, ObjectNode n) {
        FullHttpRequest req = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, link.uri(), Unpooled.wrappedBuffer(bytes(n)));
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        try {
            PushClient.Response r = client.send(req, link.timeout()).join();
            return new Push(id, r.status(), JSON.readTree(r.body()));
        } catch (CompletionException | java.io.IOException e) {
            return new Push(id, 0, null);
        }
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

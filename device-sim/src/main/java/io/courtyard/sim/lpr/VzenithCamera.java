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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A Vzenith (臻识) plate camera as its HTTP push behaves (public protocol): each read is
 * {@code {"AlarmInfoPlate": {...}}} with a rising {@code plateid}; an unanswered push is retransmitted,
 * then kept as an offline record (up to 9,000); offline records go out oldest first with
 * {@code isoffline: 1}, the next only after an answer carrying {@code "ContinuePushOffline":
 * {"plateid", "continue": 1}}; a live read pre-empts an offline push in flight, which is then sent
 * again (so the server sees it twice). Its barrier relay fires on {@code "info": "ok"}. Models that
 * resend until {@code "content": "retransfer_stop"} are emulated with {@link #resendUntilStop}.
 */
public final class VzenithCamera implements AutoCloseable {
    /** The firmware's offline store. */
    public static final int OFFLINE_CAPACITY = 9000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String serial;
    private final CameraLink link;
    private final PushClient client;
    private final Deque<Record> offline = new ArrayDeque<>();
    private final List<Long> opened = new ArrayList<>();
    private final List<byte[]> display = new ArrayList<>();
    private long nextPlateId = 1000;
    private boolean networkUp = true;
    private boolean resendUntilStop;
    private int dropped;
    private int heartbeatOpenings;

    /** One read as the camera keeps it. */
    public record Record(long plateId, String plate, int confidence, Instant time) {}

    /**
     * How a push ended: {@code answered} false when no answer came (timeout, refused, closed, 5xx);
     * {@code info} ok/no; {@code next} the ContinuePushOffline plateid and {@code cont} its flag.
     */
    public record Outcome(
            boolean answered, int status, String info, Long next, int cont, boolean retransferStop, JsonNode body) {
        public boolean opened() {
            return answered && "ok".equals(info);
        }
    }

    /** A read and what became of it. */
    public record Push(Record record, Outcome outcome, boolean storedOffline) {}

    public VzenithCamera(String serial, CameraLink link, EventLoopGroup group) {
        this.serial = serial;
        this.link = link;
        this.client = new PushClient(group, link.gateway(), link.from());
    }

    public String serial() {
        return serial;
    }

    /** Points the camera at another server address (the gateway moved, or a port nobody listens on). */
    public void target(java.net.InetSocketAddress gateway) {
        client.target(gateway);
    }

    /** While down, reads go straight to the offline store, as when the camera lost its server. */
    public synchronized void network(boolean up) {
        networkUp = up;
    }

    /** Models that resend a record until the answer carries {@code "content": "retransfer_stop"}. */
    public synchronized void resendUntilStop(boolean on) {
        resendUntilStop = on;
    }

    /** The camera reads {@code plate} now; blocks until answered or stored offline. */
    public Push read(String plate, int confidence) {
        return read(plate, confidence, Instant.now());
    }

    public synchronized Push read(String plate, int confidence, Instant time) {
        Record r = new Record(nextPlateId++, plate, confidence, time);
        if (!networkUp) {
            keepOffline(r);
            return new Push(r, null, true);
        }
        Outcome o = pushLive(r);
        if (!o.answered()) {
            keepOffline(r);
            return new Push(r, o, true);
        }
        return new Push(r, o, false);
    }

    /** The same record pushed again, as a camera does when it missed the answer. */
    public synchronized Outcome resend(Record r, boolean asOffline) {
        return pushOnce(r, asOffline);
    }

    /**
     * Sends the offline records, oldest first, each after the last was answered with
     * {@code continue: 1} for it; stops when an answer does not say so or none comes. With
     * {@code preemptWith} a live read interrupts the first offline push in flight (sent, but its answer
     * ignored), and that record is sent again afterwards. Returns the outcomes in order.
     */
    public synchronized List<Outcome> drainOffline(String preemptWith) {
        List<Outcome> out = new ArrayList<>();
        boolean preempt = preemptWith != null;
        while (!offline.isEmpty() && networkUp) {
            Record r = offline.peekFirst();
            if (preempt) {
                preempt = false;
                // Sent, then abandoned for the new read: the gateway may well record it.
                CompletableFuture<PushClient.Response> abandoned = client.send(request(r, true), link.timeout());
                awaitQuietly(abandoned);
                read(preemptWith, 96);
            }
            Outcome o = pushOnce(r, true);
            out.add(o);
            if (!o.answered() || o.next() == null || o.next() != r.plateId() || o.cont() != 1) {
                break;
            }
            offline.pollFirst();
        }
        return out;
    }

    /** Heartbeat as the camera sends it (multipart form, with its admin password in the clear). */
    public synchronized int heartbeat() {
        String boundary = "------------------------caa771fe4a61f3d9";
        StringBuilder b = new StringBuilder();
        String[][] fields = {
            {"device_name", "IVS"},
            {"ipaddr", "192.168.109.40"},
            {"port", "80"},
            {"user_name", "admin"},
            {"pass_wd", "admin"},
            {"serialno", serial},
            {"channel_num", "1"}
        };
        for (String[] f : fields) {
            b.append("--")
                    .append(boundary)
                    .append("\r\n")
                    .append("Content-Disposition: form-data; name=\"")
                    .append(f[0])
                    .append("\"\r\n\r\n")
                    .append(f[1])
                    .append("\r\n");
        }
        b.append("--").append(boundary).append("--\r\n");
        FullHttpRequest req = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1,
                HttpMethod.POST,
                link.uri(),
                Unpooled.copiedBuffer(b.toString(), StandardCharsets.UTF_8));
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "multipart/form-data; boundary=" + boundary);
        PushClient.Response res;
        try {
            res = client.send(req, link.timeout()).join();
        } catch (CompletionException e) {
            return 0;
        }
        // The answer may carry display data ("Response_Heartbeat": {"info", "serialData"}); an "ok"
        // fires the relay as it would on the real camera.
        JsonNode a;
        try {
            a = JSON.readTree(res.body()).path("Response_Heartbeat");
        } catch (java.io.IOException e) {
            return res.status();
        }
        if ("ok".equals(a.path("info").asText())) {
            heartbeatOpenings++;
        }
        for (JsonNode s : a.path("serialData")) {
            display.add(Base64.getDecoder().decode(s.path("data").asText()));
        }
        return res.status();
    }

    /** Heartbeat answers that fired the relay ({@code "info": "ok"}); the gateway never sends one. */
    public synchronized int heartbeatOpenings() {
        return heartbeatOpenings;
    }

    /** plateids whose answer fired the relay, in order. */
    public synchronized List<Long> opened() {
        return List.copyOf(opened);
    }

    /** RS-485 frames the answers sent to the display, in order. */
    public synchronized List<byte[]> displayed() {
        return List.copyOf(display);
    }

    public synchronized int backlog() {
        return offline.size();
    }

    /** Records lost because the offline store was full. */
    public synchronized int dropped() {
        return dropped;
    }

    private void keepOffline(Record r) {
        if (offline.size() >= OFFLINE_CAPACITY) {
            offline.pollFirst();
            dropped++;
        }
        offline.addLast(r);
    }

    /** A live push: retransmitted while unanswered; with retransfer-stop models, resent until told to stop. */
    private Outcome pushLive(Record r) {
        Outcome o = null;
        for (int attempt = 0; attempt <= link.retries(); attempt++) {
            o = pushOnce(r, false);
            if (o.answered()) {
                break;
            }
        }
        for (int extra = 0; resendUntilStop && o.answered() && !o.retransferStop() && extra < 3; extra++) {
            o = pushOnce(r, false);
        }
        return o;
    }

    private Outcome pushOnce(Record r, boolean asOffline) {
        CompletableFuture<PushClient.Response> f = client.send(request(r, asOffline), link.timeout());
        PushClient.Response res;
        try {
            res = f.join();
        } catch (CompletionException e) {
            return new Outcome(false, 0, null, null, 0, false, null);
        }
        JsonNode body;
        try {
            body = JSON.readTree(res.body());
        } catch (java.io.IOException e) {
            body = JSON.createObjectNode();
        }
        JsonNode a = body.path("Response_AlarmInfoPlate");
        JsonNode cont = a.path("ContinuePushOffline");
        Outcome o = new Outcome(
                res.status() == 200,
                res.status(),
                a.path("info").asText(null),
                cont.isObject() ? cont.path("plateid").asLong() : null,
                cont.path("continue").asInt(0),
                "retransfer_stop".equals(a.path("content").asText()),
                body);
        if (o.opened()) {
            opened.add(r.plateId());
        }
        for (JsonNode s : a.path("serialData")) {
            display.add(Base64.getDecoder().decode(s.path("data").asText()));
        }
        return o;
    }

    /** The push body, field for field as the firmware writes it. */
    FullHttpRequest request(Record r, boolean asOffline) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode alarm = root.putObject("AlarmInfoPlate");
        alarm.put("channel", 0).put("deviceName", "IVS").put("ipaddr", "192.168.1.100");
        ObjectNode pr = alarm.putObject("result").putObject("PlateResult");
        pr.put("license", r.plate() == null ? "_无_" : r.plate())
                .put("colorType", 1)
                .put("confidence", r.confidence())
                .put("type", 1)
                .put("direction", 4)
                .put("triggerType", 8)
                .put("plateid", r.plateId())
                .put("isoffline", asOffline ? 1 : 0);
        ZonedDateTime local = r.time().atZone(ZoneId.of("Asia/Shanghai"));
        pr.putObject("timeStamp")
                .putObject("Timeval")
                .put("sec", r.time().getEpochSecond())
                .put("usec", r.time().getNano() / 1000)
                .put("decyear", local.getYear())
                .put("decmon", local.getMonthValue())
                .put("decday", local.getDayOfMonth())
                .put("dechour", local.getHour())
                .put("decmin", local.getMinute())
                .put("decsec", local.getSecond());
        pr.putArray("gioouts").addObject().put("ionum", "0").put("ctrltype", 0);
        alarm.put("serialno", serial);
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpRequest req = new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, link.uri(), Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return req;
    }

    private static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // abandoned on purpose: its answer is not looked at
        }
    }

    @Override
    public void close() {
        client.close();
    }
}

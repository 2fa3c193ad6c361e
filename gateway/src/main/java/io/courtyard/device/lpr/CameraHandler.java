package io.courtyard.device.lpr;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.CameraConfig.Vendor;
import io.courtyard.device.lpr.push.Answer;
import io.courtyard.device.lpr.push.CameraMessage;
import io.courtyard.device.lpr.push.MalformedPush;
import io.courtyard.device.lpr.push.PlateRead;
import io.courtyard.device.lpr.push.PushFormat;
import io.courtyard.device.lpr.push.VzenithFormat;
import io.courtyard.runtime.LogLimiter;
import io.courtyard.runtime.net.MessageRefused;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives whole pushes on {@code /lpr/vzenith}, {@code /lpr/hikvision} and {@code /lpr/generic}:
 * identifies the camera, decodes the push in its format, hands a plate read to the barrier desk and
 * writes the answer once the desk has one. While a push is being answered its connection reads
 * nothing more, so a camera that pipelines gets its answers in order. Refusals (unknown path or
 * camera, wrong address or secret, malformed body) get a 4xx, are counted by reason through the
 * listener and logged at most once per ten seconds. Stateless: one instance serves every connection.
 */
@Sharable
final class CameraHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String NAME = "camera-handler";
    private static final Logger log = LoggerFactory.getLogger(CameraHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Vendor> PATHS =
            Map.of("/lpr/vzenith", Vendor.VZENITH, "/lpr/hikvision", Vendor.HIKVISION, "/lpr/generic", Vendor.GENERIC);

    private final LprService lpr;
    private final Clock clock;
    private final LogLimiter refusals = new LogLimiter(Duration.ofSeconds(10));

    CameraHandler(LprService lpr, Clock clock) {
        super(false);
        this.lpr = lpr;
        this.clock = clock;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        long t0 = System.nanoTime();
        Instant receivedAt = clock.instant();
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        try {
            handle(ctx, req, keepAlive, t0, receivedAt);
        } catch (RuntimeException e) {
            // A defect, not the camera's fault: answer, so it does not wait out its timeout.
            log.error("cameras: push on {} failed: {}", new QueryStringDecoder(req.uri()).path(), e.toString(), e);
            write(
                    ctx,
                    keepAlive,
                    error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal error; see the gateway log"));
        } finally {
            req.release();
        }
    }

    private void handle(
            ChannelHandlerContext ctx, FullHttpRequest req, boolean keepAlive, long t0, Instant receivedAt) {
        InetAddress source = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
        Vendor vendor = PATHS.get(new QueryStringDecoder(req.uri()).path());
        if (vendor == null) {
            refuse(
                    ctx,
                    keepAlive,
                    source,
                    HttpResponseStatus.NOT_FOUND,
                    "not-found",
                    "no such path; cameras push to /lpr/vzenith, /lpr/hikvision or /lpr/generic");
            return;
        }
        if (!HttpMethod.POST.equals(req.method())) {
            refuse(ctx, keepAlive, source, HttpResponseStatus.METHOD_NOT_ALLOWED, "method", "cameras push with POST");
            return;
        }
        Cameras cameras = lpr.cameras();
        Camera cam = null;
        if (vendor == Vendor.HIKVISION) {
            // A Hikvision alert names no serial: identify by address before spending a decode on it.
            Cameras.Identity id = cameras.byAddress(source, req);
            if (id.refusal() != null) {
                refuse(ctx, keepAlive, source, id.refusal());
                return;
            }
            cam = id.camera();
        }
        PushFormat format = PushFormat.of(vendor);
        CameraMessage msg;
        try {
            msg = format.decode(req, cam == null || cam.keepsImages());
        } catch (MalformedPush e) {
            refuse(ctx, keepAlive, source, HttpResponseStatus.BAD_REQUEST, "malformed-body", e.getMessage());
            return;
        }
        if (cam == null) {
            Cameras.Identity id = cameras.bySerial(msg.serial(), vendor, source, req);
            if (id.refusal() != null) {
                refuse(ctx, keepAlive, source, id.refusal());
                return;
            }
            cam = id.camera();
        }
        lpr.watch().seen(cam);
        if (!(msg instanceof CameraMessage.Plate plate)) {
            lpr.metrics().message(msg instanceof CameraMessage.Heartbeat ? "heartbeat" : "other");
            Displays.Taken shown = msg instanceof CameraMessage.Heartbeat && vendor == Vendor.VZENITH
                    ? lpr.displays().take(cam)
                    : null;
            if (shown != null) {
                // A message for the barrier's display waited for this heartbeat: its answer carries it.
                write(ctx, keepAlive, VzenithFormat.heartbeatAnswer(shown.frames()))
                        .addListener(f -> shown.sent(f.cause()));
                return;
            }
            write(ctx, keepAlive, format.acknowledge(msg));
            return;
        }
        lpr.metrics().message("plate");
        Camera c = cam;
        PlateRead read = plate.read();
        if (!read.replay() && read.cameraTime() != null) {
            // A replay was kept while the gateway was away: its time says when, not how the clock runs.
            lpr.clocks().observe(c.serial(), read.cameraTime(), receivedAt);
        }
        ctx.channel().config().setAutoRead(false);
        lpr.desk()
                .push(c, plate.read(), receivedAt, t0)
                .whenCompleteAsync(
                        (answer, e) -> {
                            Answer a = e == null
                                    ? answer
                                    : Answer.notRecorded(plate.read().replay());
                            if (e != null) {
                                log.error("{}: read {} failed: {}", c.barrier(), plate.read(), e.toString());
                            }
                            FullHttpResponse res = format.answer(plate.read(), a, c.config(), c.direction());
                            write(ctx, keepAlive, res)
                                    .addListener(f -> lpr.metrics().answerTime(System.nanoTime() - t0));
                        },
                        ctx.executor());
    }

    private void refuse(ChannelHandlerContext ctx, boolean keepAlive, InetAddress source, Cameras.Refusal r) {
        refuse(ctx, keepAlive, source, r.status(), r.reason(), r.message());
    }

    private void refuse(
            ChannelHandlerContext ctx,
            boolean keepAlive,
            InetAddress source,
            HttpResponseStatus status,
            String reason,
            String message) {
        ctx.fireUserEventTriggered(new MessageRefused(reason));
        long suppressed = refusals.permit();
        if (suppressed >= 0) {
            log.warn(
                    "cameras: refused a push from {}: {} ({} {}){}",
                    source.getHostAddress(),
                    message,
                    status.code(),
                    reason,
                    suppressed > 0 ? " (" + suppressed + " more since the last line)" : "");
        }
        write(ctx, keepAlive, error(status, message));
    }

    private static FullHttpResponse error(HttpResponseStatus status, String message) {
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("error", message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        FullHttpResponse res = PushFormat.response(status, "application/json; charset=utf-8", body);
        if (status == HttpResponseStatus.UNAUTHORIZED) {
            res.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"courtyard cameras\"");
        }
        return res;
    }

    private static io.netty.channel.ChannelFuture write(
            ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse res) {
        HttpUtil.setContentLength(res, res.content().readableBytes());
        HttpUtil.setKeepAlive(res, keepAlive);
        io.netty.channel.ChannelFuture f = ctx.writeAndFlush(res);
        if (keepAlive) {
            f.addListener(done -> ctx.channel().config().setAutoRead(true));
        } else {
            f.addListener(ChannelFutureListener.CLOSE);
        }
        return f;
    }
}

package io.courtyard.sim.load.e2e;

import io.courtyard.sim.Transport;
import io.courtyard.sim.lpr.PushClient;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Vzenith plate cameras pushing reads over HTTP keep-alive connections, one push in flight per
 * camera as the firmware does, every read a new {@code plateid} of a permitted plate (so each is
 * decided, journaled durably and answered {@code "info":"ok"}). Push-to-answer is timed from the
 * write to the whole answer. The same class drives a {@code --compare} endpoint: the same pushes,
 * to another server, on connections of their own.
 */
final class PushDriver implements AutoCloseable {
    private final EventLoopGroup group;
    private final List<Camera> cameras = new ArrayList<>();
    private final String path;
    private final int plates;
    private final Latency latency;
    /** The gateway must answer {@code "info":"ok"} (a durable grant); a compared server, any 2xx. */
    private final boolean gatewayAnswers;

    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile String lastFailure = "";
    private int next;

    /** @param target {@code http://host:port/path} */
    PushDriver(String name, URI target, int cameras, int plates, boolean gatewayAnswers) {
        this.gatewayAnswers = gatewayAnswers;
        this.path = target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        this.plates = plates;
        this.latency = new Latency(name);
        group = Transport.group(1, "load-" + name.replace(' ', '-'));
        InetSocketAddress to = new InetSocketAddress(target.getHost(), target.getPort() < 0 ? 80 : target.getPort());
        for (int i = 0; i < cameras; i++) {
            addCamera(new Camera(E2eSite.cameraSerial(i), new PushClient(group, to, null)));
        }
    }

    private void addCamera(Camera c) {
        cameras.add(c);
    }

    /** Pushes the next read from a camera with nothing in flight; false when all are busy. */
    boolean offer() {
        int n = cameras.size();
        for (int i = 0; i < n; i++) {
            Camera c = cameras.get(next);
            next = (next + 1) % n;
            if (c.busy.compareAndSet(false, true)) {
                offered.incrementAndGet();
                long t0 = System.nanoTime();
                c.client.send(c.next(), Duration.ofSeconds(10)).whenComplete((res, e) -> {
                    // From the request on the wire: the hand-off to the camera's event loop is the simulator's.
                    latency.record(res != null && res.nanos() > 0 ? res.nanos() : System.nanoTime() - t0);
                    if (e == null && answered(res)) {
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        lastFailure = e != null ? e.toString() : res.status() + " " + abbreviate(res.text());
                    }
                    c.busy.set(false);
                });
                return true;
            }
        }
        return false;
    }

    private boolean answered(PushClient.Response res) {
        return gatewayAnswers
                ? res.status() == 200 && res.text().contains("\"info\":\"ok\"")
                : res.status() >= 200 && res.status() < 300;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /** Pushes still waiting for their answer. */
    int pending() {
        return (int) cameras.stream().filter(c -> c.busy.get()).count();
    }

    Latency latency() {
        return latency;
    }

    long offered() {
        return offered.get();
    }

    long completed() {
        return ok.get();
    }

    long failed() {
        return failed.get();
    }

    /** What the last failed push got, for the report. */
    String lastFailure() {
        return lastFailure;
    }

    @Override
    public void close() {
        cameras.forEach(c -> c.client.close());
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One camera: its serial, its connection, its next plateid, whether a push is in flight. */
    private final class Camera {
        final String serial;
        final PushClient client;
        final AtomicBoolean busy = new AtomicBoolean();
        long plateId;

        Camera(String serial, PushClient client) {
            this.serial = serial;
            this.client = client;
        }

        /** A Vzenith push as the firmware writes it. */
        FullHttpRequest next() {
            String body = String.format(
                    Locale.ROOT,
                    "{\"AlarmInfoPlate\":{\"channel\":0,\"deviceName\":\"IVS\",\"ipaddr\":\"192.168.1.100\","
                            + "\"result\":{\"PlateResult\":{\"license\":\"%s\",\"colorType\":1,\"confidence\":96,"
                            + "\"type\":1,\"direction\":4,\"triggerType\":8,\"plateid\":%d,\"isoffline\":0,"
                            + "\"timeStamp\":{\"Timeval\":{\"sec\":%d,\"usec\":0}}}},\"serialno\":\"%s\"}}",
                    E2eSite.plate(1 + ThreadLocalRandom.current().nextInt(plates)),
                    ++plateId,
                    System.currentTimeMillis() / 1000,
                    serial);
            FullHttpRequest req = new DefaultFullHttpRequest(
                    HttpVersion.HTTP_1_1, HttpMethod.POST, path, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return req;
        }
    }
}

package io.courtyard.sim.load;

import io.courtyard.acl.AclUpdater;
import io.courtyard.acl.Keys;
import io.courtyard.ops.Gateway;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.lpr.PushClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * The camera load run: the real gateway (camera listener, access engine, journal at
 * {@code synchronous: full}) and {@code cameras} emulated Vzenith cameras, each on its own
 * keep-alive connection pushing one read at a time as a camera does, every read with a new
 * {@code plateid} (so every one is decided, journaled and fsync'd before its answer). Two
 * measurements per run: the sustained rate with every camera pushing as fast as answers come
 * (closed loop), and push-to-answer latency at a fixed offered rate (open loop, measured from each
 * push's intended send time, so a stall counts against every push it delays).
 */
public final class LprLoad {
    /** What a run is asked to do. */
    public record Plan(int cameras, Duration warmUp, Duration throughput, int rate, Duration latency, int permits) {}

    /**
     * One run's figures; CPU per push is measured over the throughput window: the gateway's threads,
     * the emulated cameras' loop, and the whole process (GC and JIT included).
     */
    public record Result(
            double pushesPerSecond,
            long answered,
            long errors,
            Histogram latency,
            int offeredRate,
            double gatewayCpuMicros,
            double camerasCpuMicros,
            double processCpuMicros,
            String journal) {}

    /** The gateway's threads on a camera push's path: listener loops, the journal, the state projection, timers. */
    static final String[] GATEWAY_THREADS = {"netty-cameras", "netty-accept", "journal-writer", "access-state", "lpr-"};

    private final Plan plan;

    public LprLoad(Plan plan) {
        this.plan = plan;
    }

    public Result run() throws Exception {
        Path state = Files.createTempDirectory("courtyard-lpr-load");
        KeyPair key = Keys.generate();
        Gateway gateway = new Gateway(LprLoadSite.config(state, plan.cameras(), key));
        EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("load-cameras", true));
        try {
            gateway.start();
            AclUpdater.Result r = gateway.acl().updater().apply(LprLoadSite.list(plan.permits(), key), "load");
            if (r.outcome() != AclUpdater.Outcome.APPLIED) {
                throw new IllegalStateException("load list refused: " + r.detail());
            }
            InetSocketAddress target = new InetSocketAddress(
                    "127.0.0.1", gateway.cameras().orElseThrow().port());
            List<Camera> cameras = new ArrayList<>();
            for (int i = 0; i < plan.cameras(); i++) {
                cameras.add(new Camera(LprLoadSite.serial(i), new PushClient(group, target, null), plan.permits()));
            }
            closedLoop(cameras, plan.warmUp());
            CpuClock gatewayCpu = CpuClock.start(GATEWAY_THREADS);
            CpuClock camerasCpu = CpuClock.start("load-cameras");
            long[] counts = closedLoop(cameras, plan.throughput());
            CpuClock.Reading gw = gatewayCpu.read();
            CpuClock.Reading cams = camerasCpu.read();
            double pushes = Math.max(1, counts[0]);
            MeterRegistry meters = gateway.registry();
            Histogram h = openLoop(cameras, plan.rate(), plan.latency());
            Timer commit = meters.get("courtyard.journal.commit").timer();
            String journal = String.format(
                    Locale.ROOT,
                    "journal: %d group commits, the longest (insert + fsync) %.1f ms",
                    commit.count(),
                    commit.max(TimeUnit.MILLISECONDS));
            cameras.forEach(c -> c.client.close());
            return new Result(
                    counts[0] / (plan.throughput().toNanos() / 1e9),
                    counts[0],
                    counts[1],
                    h,
                    plan.rate(),
                    gw.threadsCpu().toNanos() / 1e3 / pushes,
                    cams.threadsCpu().toNanos() / 1e3 / pushes,
                    gw.processCpu().toNanos() / 1e3 / pushes,
                    journal);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            gateway.stop();
            try (Stream<Path> files = Files.walk(state)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One emulated camera: its serial, its connection, its next plateid. */
    private static final class Camera {
        final String serial;
        final PushClient client;
        final int permits;
        long plateId;
        final Deque<Long> intended = new ArrayDeque<>();
        boolean busy;

        Camera(String serial, PushClient client, int permits) {
            this.serial = serial;
            this.client = client;
            this.permits = permits;
        }

        /** A Vzenith push as the firmware writes it, every one with a new plateid and a random resident's plate. */
        FullHttpRequest next() {
            String body = String.format(
                    Locale.ROOT,
                    "{\"AlarmInfoPlate\":{\"channel\":0,\"deviceName\":\"IVS\",\"ipaddr\":\"192.168.1.100\","
                            + "\"result\":{\"PlateResult\":{\"license\":\"%s\",\"colorType\":1,\"confidence\":96,"
                            + "\"type\":1,\"direction\":4,\"triggerType\":8,\"plateid\":%d,\"isoffline\":0,"
                            + "\"timeStamp\":{\"Timeval\":{\"sec\":%d,\"usec\":0}}}},\"serialno\":\"%s\"}}",
                    LprLoadSite.plate(ThreadLocalRandom.current().nextInt(permits)),
                    ++plateId,
                    System.currentTimeMillis() / 1000,
                    serial);
            FullHttpRequest req = new DefaultFullHttpRequest(
                    HttpVersion.HTTP_1_1,
                    HttpMethod.POST,
                    "/lpr/vzenith",
                    Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
            req.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return req;
        }
    }

    /** Every camera pushes as soon as its last push is answered; returns {answered ok, errors}. */
    private static long[] closedLoop(List<Camera> cameras, Duration length) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + length.toNanos();
        AtomicLong running = new AtomicLong(cameras.size());
        for (Camera c : cameras) {
            loop(c, end, ok, errors, running);
        }
        while (running.get() > 0) {
            Thread.sleep(10);
        }
        return new long[] {ok.get(), errors.get()};
    }

    private static void loop(Camera c, long end, AtomicLong ok, AtomicLong errors, AtomicLong running) {
        if (System.nanoTime() >= end) {
            running.decrementAndGet();
            return;
        }
        c.client.send(c.next(), Duration.ofSeconds(10)).whenComplete((res, e) -> {
            if (e == null && res.status() == 200 && res.text().contains("\"info\":\"ok\"")) {
                if (System.nanoTime() < end) {
                    ok.incrementAndGet();
                }
            } else {
                errors.incrementAndGet();
            }
            loop(c, end, ok, errors, running);
        });
    }

    /**
     * Pushes offered at {@code rate} per second, round-robin over the cameras; each camera sends its
     * next push as soon as it is free. Latency runs from the push's intended time to its answer.
     */
    private static Histogram openLoop(List<Camera> cameras, int rate, Duration length) throws InterruptedException {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long n = length.toNanos() / interval;
        for (long i = 0; i < n; i++) {
            long at = start + i * interval;
            long wait = at - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Camera c = cameras.get((int) (i % cameras.size()));
            synchronized (c) {
                c.intended.addLast(at);
                if (!c.busy) {
                    c.busy = true;
                    sendNext(c, h);
                }
            }
        }
        while (cameras.stream().anyMatch(c -> {
            synchronized (c) {
                return c.busy;
            }
        })) {
            Thread.sleep(10);
        }
        return h;
    }

    private static void sendNext(Camera c, Histogram h) {
        long at = c.intended.pollFirst();
        c.client.send(c.next(), Duration.ofSeconds(10)).whenComplete((res, e) -> {
            long now = System.nanoTime();
            synchronized (h) {
                h.recordValue(Math.min(h.getHighestTrackableValue(), now - at));
            }
            synchronized (c) {
                if (c.intended.isEmpty()) {
                    c.busy = false;
                } else {
                    sendNext(c, h);
                }
            }
        });
    }
}

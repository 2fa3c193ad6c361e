package io.courtyard.sim.demo;

import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.lpr.CameraLink;
import io.courtyard.sim.lpr.HikvisionCamera;
import io.courtyard.sim.lpr.IsapiServer;
import io.courtyard.sim.lpr.VzenithCamera;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's car park: a camera emulator for every barrier the configuration gives a camera, pushing
 * to the gateway's camera listener over real sockets (a Vzenith camera acts on the answer; a
 * Hikvision one has its ISAPI endpoint served here, where the gateway opens the barrier).
 */
final class DemoCarPark implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("scenario");

    private final EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("demo-cameras", true));
    private final Map<String, VzenithCamera> vzenith = new HashMap<>();
    private final Map<String, HikvisionCamera> hikvision = new HashMap<>();
    private final List<IsapiServer> isapi = new ArrayList<>();

    DemoCarPark(GatewayConfig config) {
        Listener l = config.listeners().cameras();
        String host = "0.0.0.0".equals(l.bind()) ? "127.0.0.1" : l.bind();
        for (Barrier b : config.devices().barriers()) {
            CameraConfig c = b.camera().orElse(null);
            if (c == null || !l.enabled()) {
                continue;
            }
            CameraLink link = CameraLink.to(host, l.port(), "/lpr/" + c.vendor().tag())
                    .timeout(Duration.ofSeconds(3))
                    .retries(0)
                    .from(c.addresses().get(0).text());
            switch (c.vendor()) {
                case VZENITH -> vzenith.put(b.id(), new VzenithCamera(b.cameraSerial(), link, group));
                case HIKVISION -> {
                    CameraConfig.Isapi i = c.isapi().orElseThrow();
                    isapi.add(IsapiServer.start(
                            i.username(),
                            i.password().reveal(),
                            "MD5",
                            group,
                            i.url().getHost(),
                            i.url().getPort()));
                    hikvision.put(b.id(), new HikvisionCamera(link, group, "whiteList"));
                }
                case GENERIC -> log.info(
                        "demo: {} speaks the generic format; the scenario drives Vzenith and Hikvision", b.id());
            }
        }
    }

    boolean has(String barrier) {
        return vzenith.containsKey(barrier) || hikvision.containsKey(barrier);
    }

    /** A car at {@code barrier}; logs what the camera was told (Vzenith) or did (Hikvision). */
    void car(String barrier, String plate, int confidence) {
        VzenithCamera v = vzenith.get(barrier);
        if (v != null) {
            VzenithCamera.Push p = v.read(plate, confidence);
            log.info(
                    "scenario:   {} answered info={}{}",
                    barrier,
                    p.outcome() == null ? "-" : p.outcome().info(),
                    p.outcome() != null && p.outcome().opened() ? ": the camera's relay raises the barrier" : "");
            return;
        }
        HikvisionCamera h = hikvision.get(barrier);
        if (h != null) {
            int before = commands();
            HikvisionCamera.Push p = h.read(plate, confidence);
            // The gateway opens over ISAPI once the read is durable: a digest round trip, well within 3 s.
            for (int i = 0; i < 30 && commands() == before; i++) {
                sleep(100);
            }
            log.info(
                    "scenario:   {} push answered {}; barrierGate commands from the gateway: {}",
                    barrier,
                    p.status(),
                    commands() > before ? "open" : "none");
        }
    }

    /**
     * A car at {@code barrier} read at the camera's own time {@code at} (a simulated month's), quietly:
     * whether the barrier opened (Vzenith: the answer said so; Hikvision: the push was taken, the gateway
     * opens over ISAPI).
     */
    boolean drive(String barrier, String plate, int confidence, Instant at) {
        VzenithCamera v = vzenith.get(barrier);
        if (v != null) {
            VzenithCamera.Push p = v.read(plate, confidence, at);
            return p.outcome() != null && p.outcome().opened();
        }
        HikvisionCamera h = hikvision.get(barrier);
        return h != null && h.read(plate, confidence, at).status() == 200;
    }

    /** The camera at {@code barrier} loses the gateway, reads {@code plates}, then finds it again and replays them. */
    void outage(String barrier, String... plates) {
        VzenithCamera v = vzenith.get(barrier);
        if (v == null) {
            return;
        }
        v.network(false);
        for (String p : plates) {
            v.read(p, 95);
        }
        v.network(true);
        List<VzenithCamera.Outcome> out = v.drainOffline(null);
        log.info(
                "scenario:   {} replayed {} offline records: answers {} (never ok), backlog now {}",
                barrier,
                out.size(),
                out.stream().map(o -> o.info() + "/continue=" + o.cont()).toList(),
                v.backlog());
    }

    private int commands() {
        return isapi.stream().mapToInt(s -> s.commands().size()).sum();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        vzenith.values().forEach(VzenithCamera::close);
        hikvision.values().forEach(HikvisionCamera::close);
        isapi.forEach(IsapiServer::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}

package io.courtyard.sim.scenario;

import io.courtyard.config.CameraConfig;
import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.GatewayConfig;
import io.courtyard.runtime.Threads;
import io.courtyard.sim.lpr.CameraLink;
import io.courtyard.sim.lpr.GenericCamera;
import io.courtyard.sim.lpr.HikvisionCamera;
import io.courtyard.sim.lpr.IsapiServer;
import io.courtyard.sim.lpr.VzenithCamera;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A camera emulator at every barrier of the run's configuration, in the barrier's own vendor
 * format, pushing to the gateway's camera listener; a Hikvision barrier's ISAPI endpoint is served
 * here, where the gateway opens it. A push ends with whether the barrier went up.
 */
final class CarPark implements AutoCloseable {
    /** What became of one car at a barrier: answered at all, and did the barrier rise. */
    record Pushed(boolean answered, boolean opened, String detail) {}

    private interface Camera extends AutoCloseable {
        Pushed push(String plate, int confidence) throws InterruptedException;

        @Override
        void close();
    }

    private final EventLoopGroup group = new NioEventLoopGroup(1, Threads.named("scenario-cameras", true));
    private final Map<String, Camera> cameras = new LinkedHashMap<>();
    private final Map<String, VzenithCamera> vzenith = new LinkedHashMap<>();
    private final List<IsapiServer> isapi = new ArrayList<>();

    CarPark(GatewayConfig config, Map<String, Integer> isapiPorts) {
        int port = config.listeners().cameras().port();
        for (Barrier b : config.devices().barriers()) {
            CameraConfig c = b.camera().orElse(null);
            if (c == null || !config.listeners().cameras().enabled()) {
                continue;
            }
            CameraLink link = CameraLink.to(
                            "127.0.0.1", port, "/lpr/" + c.vendor().tag())
                    .timeout(Duration.ofSeconds(5))
                    .retries(0)
                    .from(c.addresses().get(0).text());
            cameras.put(
                    b.id(),
                    switch (c.vendor()) {
                        case VZENITH -> vzenith(keep(b.id(), new VzenithCamera(b.cameraSerial(), link, group)));
                        case HIKVISION -> hikvision(b, c, link, isapiPorts.get(b.id()));
                        case GENERIC -> generic(new GenericCamera(
                                b.cameraSerial(),
                                link.secret(c.secret().map(s -> s.reveal()).orElse(null)),
                                group));
                    });
        }
    }

    /** The Vzenith camera at {@code barrier}, for a scenario that follows its records by plate id. */
    java.util.Optional<VzenithCamera> vzenith(String barrier) {
        return java.util.Optional.ofNullable(vzenith.get(barrier));
    }

    boolean has(String barrier) {
        return cameras.containsKey(barrier);
    }

    /** A car with {@code plate} read at {@code barrier}. */
    Pushed car(String barrier, String plate, int confidence) throws InterruptedException {
        Camera c = cameras.get(barrier);
        if (c == null) {
            throw new IllegalArgumentException("no camera at barrier " + barrier + "; have " + cameras.keySet());
        }
        return c.push(plate, confidence);
    }

    private VzenithCamera keep(String barrier, VzenithCamera v) {
        vzenith.put(barrier, v);
        return v;
    }

    private static Camera vzenith(VzenithCamera v) {
        return new Camera() {
            @Override
            public Pushed push(String plate, int confidence) {
                VzenithCamera.Outcome o = v.read(plate, confidence).outcome();
                return o == null
                        ? new Pushed(false, false, "kept offline")
                        : new Pushed(o.answered(), o.opened(), "info=" + o.info());
            }

            @Override
            public void close() {
                v.close();
            }
        };
    }

    private Camera hikvision(Barrier b, CameraConfig c, CameraLink link, Integer port) {
        CameraConfig.Isapi i = c.isapi().orElseThrow();
        IsapiServer server = IsapiServer.start(i.username(), i.password().reveal(), "MD5", group, "127.0.0.1", port);
        isapi.add(server);
        HikvisionCamera h = new HikvisionCamera(link, group, "whiteList");
        return new Camera() {
            @Override
            public Pushed push(String plate, int confidence) throws InterruptedException {
                int before = server.commands().size();
                HikvisionCamera.Push p = h.read(plate, confidence);
                // The gateway opens over ISAPI once the read is durable: a digest round trip, well within 3 s.
                for (int n = 0; n < 30 && server.commands().size() == before; n++) {
                    Thread.sleep(100);
                }
                boolean opened = server.commands().size() > before;
                return new Pushed(p.status() == 200, opened, "status=" + p.status() + (opened ? ", ISAPI open" : ""));
            }

            @Override
            public void close() {
                h.close();
            }
        };
    }

    private static Camera generic(GenericCamera g) {
        return new Camera() {
            @Override
            public Pushed push(String plate, int confidence) {
                GenericCamera.Push p = g.read(plate, confidence, false);
                return new Pushed(p.status() == 200, p.opened(), "status=" + p.status());
            }

            @Override
            public void close() {
                g.close();
            }
        };
    }

    @Override
    public void close() {
        cameras.values().forEach(Camera::close);
        isapi.forEach(IsapiServer::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}

package io.courtyard.device.lpr;

import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.net.HttpServerProtocol;
import io.courtyard.runtime.net.TcpListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera listener ({@code listeners.cameras}): the shared HTTP base (connection limits, idle
 * clock, bounded bodies, slowloris deadline) on event loops of its own, then {@link CameraHandler}.
 */
public final class CameraListener implements Service {
    private static final Logger log = LoggerFactory.getLogger(CameraListener.class);

    private final Listener config;
    private final LprService lpr;
    private final EventLoops loops;
    private final MeterRegistry registry;
    private final Clock clock;
    private TcpListener listener;

    public CameraListener(Listener config, LprService lpr, EventLoops loops, MeterRegistry registry, Clock clock) {
        this.config = config;
        this.lpr = lpr;
        this.loops = loops;
        this.registry = registry;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "cameras";
    }

    @Override
    public void start() throws InterruptedException {
        CameraHandler handler = new CameraHandler(lpr, clock);
        // Two loops on two cores: decoding and deciding are in memory, so they keep up with the journal.
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        listener = new TcpListener(
                name(),
                config.bind(),
                config.port(),
                config.limits(),
                threads,
                loops,
                registry,
                new HttpServerProtocol(CameraHandler.NAME, () -> handler),
                null);
        listener.start();
        log.info(
                "cameras push to http://{}:{}/lpr/vzenith, /lpr/hikvision, /lpr/generic",
                config.bind(),
                listener.port());
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return listener.port();
    }

    @Override
    public void stop() {
        if (listener != null) {
            listener.stop();
        }
    }
}

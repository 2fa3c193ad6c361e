package io.courtyard.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.config.GatewayConfig;
import io.courtyard.http.OperatorHttpServer;
import io.courtyard.store.Database;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the gateway's components from a configuration and owns their order. Startup order
 * (shutdown is the reverse): database → event loops → listeners. Listeners come last so that no
 * device or operator reaches a component that is not ready.
 */
public final class Gateway {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    /** Each component gets this long to stop; SIGTERM to exit stays well inside systemd's 5 s. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(3);

    private final GatewayConfig config;
    private final Lifecycle lifecycle = new Lifecycle(STOP_TIMEOUT);
    private final Database database;
    private final EventLoops loops;
    private final Optional<OperatorHttpServer> http;
    private final ObjectMapper json = new ObjectMapper();
    private volatile Instant startedAt;

    public Gateway(GatewayConfig config) {
        this.config = config;
        this.database = new Database(config.state().dir(), config.journal().synchronous());
        this.loops = new EventLoops(Math.max(2, Runtime.getRuntime().availableProcessors()));
        this.http = config.listeners().http().enabled()
                ? Optional.of(new OperatorHttpServer(config.listeners().http(), loops).route("/health", r -> health()))
                : Optional.empty();
        lifecycle.add(database).add(loops);
        http.ifPresent(lifecycle::add);
    }

    public void start() throws Exception {
        long t0 = System.nanoTime();
        // Set before the listeners open: /health can be asked the moment the port is bound.
        startedAt = Instant.now();
        lifecycle.start();
        log.info(
                "READY courtyard {} site={} households={} devices={} http={} state={} in {} ms",
                Version.current(),
                config.site().id(),
                config.site().households().size(),
                deviceCount(),
                http.map(h -> "http://" + config.listeners().http().bind() + ":" + h.port() + "/")
                        .orElse("disabled"),
                database.file(),
                (System.nanoTime() - t0) / 1_000_000);
    }

    public void stop() {
        log.info("stopping courtyard site={}", config.site().id());
        lifecycle.stop();
        log.info("stopped");
    }

    public Optional<OperatorHttpServer> http() {
        return http;
    }

    public Database database() {
        return database;
    }

    private int deviceCount() {
        var d = config.devices();
        return d.osdpBuses().stream().mapToInt(b -> b.devices().size()).sum()
                + d.barriers().size()
                + d.monitors().size();
    }

    private io.netty.handler.codec.http.FullHttpResponse health() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "up");
        body.put("site", config.site().id());
        body.put("version", Version.current());
        body.put("uptimeSeconds", Duration.between(startedAt, Instant.now()).toSeconds());
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var res =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        return res;
    }
}

package io.courtyard.http;

import io.courtyard.config.ListenersConfig.Listener;
import io.courtyard.runtime.EventLoops;
import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import io.courtyard.runtime.net.HttpServerProtocol;
import io.courtyard.runtime.net.TcpListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.ssl.SslContext;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator listener: /health, /metrics and the operator API. One event loop of its own for the
 * sockets, and a small named executor for the routes, which may read SQLite.
 */
public final class OperatorHttpServer implements Service {
    private static final Logger log = LoggerFactory.getLogger(OperatorHttpServer.class);
    /** Route threads: queries are short, operators few; two let a slow report not hold up /health. */
    private static final int ROUTE_THREADS = 2;
    /** Requests waiting for a route thread; beyond this the answer is 503 at once. */
    private static final int ROUTE_QUEUE = 64;

    private final Listener config;
    private final EventLoops loops;
    private final MeterRegistry registry;
    private final Routes routes = new Routes();
    private ExecutorService executor;
    private TcpListener listener;
    private SslContext tls;

    public OperatorHttpServer(Listener config, EventLoops loops, MeterRegistry registry) {
        this.config = config;
        this.loops = loops;
        this.registry = registry;
    }

    /** Serves HTTPS with {@code context} instead of plain HTTP. */
    public OperatorHttpServer tls(SslContext context) {
        this.tls = context;
        return this;
    }

    /** Answers exactly {@code path}. */
    public OperatorHttpServer route(String path, Route route) {
        routes.exact(path, route);
        return this;
    }

    /** Answers every path under {@code prefix} (ending in '/') that no exact route takes. */
    public OperatorHttpServer routePrefix(String prefix, Route route) {
        routes.prefix(prefix, route);
        return this;
    }

    @Override
    public String name() {
        return "operator-http";
    }

    @Override
    public void start() throws InterruptedException {
        executor = new ThreadPoolExecutor(
                ROUTE_THREADS,
                ROUTE_THREADS,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(ROUTE_QUEUE),
                Threads.named("operator-http-route", true));
        OperatorHandler handler = new OperatorHandler(routes, executor);
        listener = new TcpListener(
                name(),
                config.bind(),
                config.port(),
                config.limits(),
                1,
                loops,
                registry,
                new HttpServerProtocol(OperatorHandler.NAME, () -> handler),
                tls);
        try {
            listener.start();
        } catch (InterruptedException | RuntimeException e) {
            executor.shutdownNow();
            throw e;
        }
        log.info(
                "operator HTTP on {}://{}:{}/ (paths: {})",
                tls == null ? "http" : "https",
                config.bind(),
                port(),
                routes);
    }

    /** The bound port (useful when configured as 0). */
    public int port() {
        return listener.port();
    }

    @Override
    public void stop() throws InterruptedException {
        if (listener != null) {
            listener.stop();
        }
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(1, TimeUnit.SECONDS);
        }
    }
}

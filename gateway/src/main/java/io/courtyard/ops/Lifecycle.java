package io.courtyard.ops;

import io.courtyard.runtime.Service;
import io.courtyard.runtime.Threads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts services in the order they were added and stops them in reverse, each stop time-boxed
 * so that a hung component cannot keep the process from exiting.
 */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<Service> services = new ArrayList<>();
    private final Deque<Service> started = new ArrayDeque<>();
    private final Duration stopTimeout;
    private boolean stopped;

    public Lifecycle(Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
    }

    public Lifecycle add(Service service) {
        services.add(service);
        return this;
    }

    /** Starts every service; if one fails, those already started are stopped and the failure is rethrown. */
    public synchronized void start() throws Exception {
        for (Service s : services) {
            long t0 = System.nanoTime();
            try {
                s.start();
            } catch (Exception e) {
                log.error("start failed: {}: {}", s.name(), e.toString());
                stopStarted();
                throw e;
            }
            started.push(s);
            log.info("started {} in {} ms", s.name(), (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Stops what was started, newest first; safe to call more than once and from any thread. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopStarted();
    }

    private static ExecutorService newStopper() {
        return Executors.newSingleThreadExecutor(Threads.named("lifecycle-stop", true));
    }

    private void stopStarted() {
        ExecutorService stopper = newStopper();
        try {
            while (!started.isEmpty()) {
                Service s = started.pop();
                long t0 = System.nanoTime();
                Future<?> f = stopper.submit(() -> {
                    s.stop();
                    return null;
                });
                try {
                    f.get(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("stopped {} in {} ms", s.name(), (System.nanoTime() - t0) / 1_000_000);
                } catch (TimeoutException e) {
                    f.cancel(true);
                    log.warn("stop of {} exceeded {} ms; abandoning it", s.name(), stopTimeout.toMillis());
                    stopper.shutdownNow();
                    stopper = newStopper();
                } catch (ExecutionException e) {
                    log.warn("stop of {} failed: {}", s.name(), e.getCause().toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    log.warn("interrupted while stopping {}", s.name());
                }
            }
        } finally {
            stopper.shutdownNow();
        }
    }
}

package io.courtyard.ops;

import io.courtyard.runtime.Service;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** The process-wide meter registry, scraped as Prometheus text on {@code /metrics}. */
public final class Metrics implements Service {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private JvmGcMetrics gc;

    public Metrics(String siteId) {
        registry.config().commonTags("site", siteId);
    }

    public MeterRegistry registry() {
        return registry;
    }

    @Override
    public String name() {
        return "metrics";
    }

    @Override
    public void start() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
    }

    /** Prometheus text exposition; gauges read cached values, so this is safe on an event loop. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void stop() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}

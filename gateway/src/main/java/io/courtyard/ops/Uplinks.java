package io.courtyard.ops;

import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.Journal;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** Builds the configured upstream sinks, each on its own journal cursor. */
final class Uplinks {
    private Uplinks() {}

    static List<Service> create(GatewayConfig config, Journal journal, MeterRegistry registry) {
        List<Service> sinks = new ArrayList<>();
        // Sinks are added as their adapters land: MQTT (Paho v5) and InfluxDB v2.
        return sinks;
    }
}

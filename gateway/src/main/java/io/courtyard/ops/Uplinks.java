package io.courtyard.ops;

import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.Journal;
import io.courtyard.uplink.InfluxSink;
import io.courtyard.uplink.MqttSink;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** Builds the configured upstream sinks, each on its own journal cursor. */
final class Uplinks {
    /** Cursor names: renaming one re-sends everything the journal still holds to that sink. */
    static final String INFLUX = "influx";

    static final String MQTT = "mqtt";

    private Uplinks() {}

    static List<Service> create(GatewayConfig config, Journal journal, MeterRegistry registry) {
        List<Service> sinks = new ArrayList<>();
        String site = config.site().id();
        config.upstream().mqtt().ifPresent(c -> sinks.add(new MqttSink(c, site, journal.source(MQTT), registry)));
        config.upstream().influx().ifPresent(c -> sinks.add(new InfluxSink(c, site, journal.source(INFLUX), registry)));
        return sinks;
    }
}

package io.courtyard.uplink;

import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.Journal;
import io.courtyard.runtime.Service;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;

/** The uplink room assembled: the configured upstream sinks, each on its own journal cursor. */
public final class Uplinks {
    /** Cursor names: renaming one re-sends everything the journal still holds to that sink. */
    static final String INFLUX = "influx";

    static final String MQTT = "mqtt";

    private Uplinks() {}

    public static List<Service> sinks(GatewayConfig config, Journal journal, MeterRegistry registry) {
        List<Service> sinks = new ArrayList<>();
        String site = config.site().id();
        config.upstream().mqtt().ifPresent(c -> sinks.add(new MqttSink(c, site, journal.source(MQTT), registry)));
        config.upstream().influx().ifPresent(c -> sinks.add(new InfluxSink(c, site, journal.source(INFLUX), registry)));
        return sinks;
    }
}

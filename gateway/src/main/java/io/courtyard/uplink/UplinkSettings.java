package io.courtyard.uplink;

import io.courtyard.config.UpstreamConfig;
import io.courtyard.runtime.Version;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/** Everything one connection attempt of the event uplink needs, resolved once when the sink starts. */
record UplinkSettings(
        UpstreamConnections connections,
        String clientId,
        int inflightCap,
        UplinkTopics topics,
        UplinkJson json,
        String version) {

    /**
     * The largest packet the broker may send the event uplink: it subscribes to nothing, so only
     * acknowledgements, pings and a DISCONNECT ever arrive.
     */
    static final long MAX_INCOMING_PACKET = 64 << 10;

    /** Reads the TLS material now, so that a bad PEM fails startup rather than every reconnect. */
    static UplinkSettings resolve(
            UpstreamConfig.Mqtt config, String siteId, UplinkOptions options, UplinkTopics topics, UplinkJson json)
            throws IOException, GeneralSecurityException {
        UpstreamConnections connections = UpstreamConnections.resolve(
                config,
                siteId,
                new UpstreamConnections.Timing(options.connectTimeout(), options.backoffBase(), options.backoffCap()));
        return new UplinkSettings(
                connections, connections.clientId(""), options.inflightCap(), topics, json, Version.current());
    }

    /** Paho's options for one connection made at {@code now}, the Last Will included. */
    MqttConnectionOptions connectionOptions(Instant now) {
        MqttConnectionOptions o = connections.options(MAX_INCOMING_PACKET);
        byte[] will = json.status("offline", "connection lost", "onlineSince", now, version);
        o.setWill(topics.status(), UplinkConnection.message(will, true));
        return o;
    }
}

package io.courtyard.device.mqtt;

import io.courtyard.runtime.net.ListenerLimits;
import io.courtyard.runtime.net.ListenerProtocol;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;

/**
 * The device MQTT listener's handlers, between the shared head (connection gate, TLS) and tail:
 * Netty's MQTT decoder, bounded by the listener's maximum message size (larger packets are refused
 * from their fixed header, before their bytes are buffered) and checking UTF-8 strictly; the
 * encoder; then the CONNECT handler, which a session handler replaces once the device is admitted
 * (with a keep-alive clock in front of it).
 */
final class MqttProtocol implements ListenerProtocol {
    static final String DECODER = "mqtt-decoder";
    static final String ENCODER = "mqtt-encoder";
    /** Longer than the 23 characters MQTT 3.1.1 guarantees: monitors often use serials or IMEIs with a prefix. */
    static final int MAX_CLIENT_ID = 128;

    private final ListenerContext context;

    MqttProtocol(ListenerContext context) {
        this.context = context;
    }

    @Override
    public void addHandlers(ChannelPipeline p, ListenerLimits limits) {
        p.addLast(DECODER, new MqttDecoder(limits.maxMessageBytes(), MAX_CLIENT_ID, true));
        p.addLast(ENCODER, MqttEncoder.INSTANCE);
        p.addLast(ConnectHandler.NAME, new ConnectHandler(context));
    }
}

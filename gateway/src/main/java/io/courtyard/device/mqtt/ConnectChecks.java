package io.courtyard.device.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;

/**
 * What a CONNECT may ask for before its credentials are even looked at, and what the listener grants:
 * keep-alive, session expiry and the MQTT 5 properties that tell a client the listener's limits
 * (QoS 1 at most, no retained messages, no shared subscriptions or subscription identifiers, the
 * in-flight window and the largest packet).
 */
final class ConnectChecks {
    /** The longest a session outlives its connection: in memory only, so a gateway restart ends it anyway. */
    static final long MAX_SESSION_EXPIRY_SECONDS = 24 * 3600;

    private final ListenerContext context;

    ConnectChecks(ListenerContext context) {
        this.context = context;
    }

    /** Why the CONNECT is refused, or null. */
    record Verdict(MqttConnectReturnCode code, String reason, String detail) {}

    Verdict refusal(ChannelHandlerContext ctx, MqttConnectMessage connect, boolean v5) {
        MqttConnectVariableHeader h = connect.variableHeader();
        MqttConnectPayload p = connect.payload();
        if (context.throttle().blocked(ConnectHandler.address(ctx))) {
            return new Verdict(
                    v5
                            ? MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED
                            : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE,
                    "login-throttled",
                    "too many failed logins from this address; credentials not checked");
        }
        if (v5 && h.properties().getProperty(MqttPropertyType.AUTHENTICATION_METHOD.value()) != null) {
            return new Verdict(
                    MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD,
                    "bad-auth-method",
                    "enhanced authentication is not offered; use username and secret or a client certificate");
        }
        if (v5 && h.isWillFlag() && h.willQos() > 1) {
            // MQTT-3.2.2-12: a will QoS above the server's Maximum QoS is refused with 0x9B.
            return new Verdict(
                    MqttConnectReturnCode.CONNECTION_REFUSED_QOS_NOT_SUPPORTED,
                    "qos-not-supported",
                    "will QoS " + h.willQos());
        }
        if (v5 && h.isWillFlag() && h.isWillRetain()) {
            // MQTT-3.2.2-13: retained wills are refused with 0x9A when Retain Available is 0.
            return new Verdict(
                    MqttConnectReturnCode.CONNECTION_REFUSED_RETAIN_NOT_SUPPORTED,
                    "retain-not-supported",
                    "retained will");
        }
        boolean noClientId =
                p.clientIdentifier() == null || p.clientIdentifier().isEmpty();
        if (!v5 && noClientId && !h.isCleanSession()) {
            // MQTT-3.1.3-8: an empty client id with CleanSession 0 is refused with return code 2.
            return new Verdict(
                    MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED,
                    "client-id",
                    "empty client id with a persistent session");
        }
        return null;
    }

    /**
     * The keep-alive in force. An MQTT 5 client asking for none or for more than {@code maxKeepAlive}
     * is given that maximum (Server Keep Alive); a 3.1.1 client cannot be told, so its own stands.
     */
    int keepAlive(MqttConnectVariableHeader h, boolean v5, MqttProperties out) {
        int asked = h.keepAliveTimeSeconds();
        int max = (int) Math.min(65_535, context.options().maxKeepAlive().toSeconds());
        if (v5 && (asked == 0 || asked > max)) {
            out.add(new IntegerProperty(MqttPropertyType.SERVER_KEEP_ALIVE.value(), max));
            return max;
        }
        return asked;
    }

    /** How long the session is kept after the connection: 3.1.1 CleanSession 0 means "until the cap". */
    long sessionExpiry(MqttConnectVariableHeader h, boolean v5, MqttProperties out) {
        if (!v5) {
            return h.isCleanSession() ? 0 : MAX_SESSION_EXPIRY_SECONDS;
        }
        IntegerProperty asked =
                (IntegerProperty) h.properties().getProperty(MqttPropertyType.SESSION_EXPIRY_INTERVAL.value());
        long seconds = asked == null ? 0 : Integer.toUnsignedLong(asked.value());
        if (seconds > MAX_SESSION_EXPIRY_SECONDS) {
            out.add(new IntegerProperty(
                    MqttPropertyType.SESSION_EXPIRY_INTERVAL.value(), (int) MAX_SESSION_EXPIRY_SECONDS));
            return MAX_SESSION_EXPIRY_SECONDS;
        }
        return seconds;
    }

    /** The MQTT 5 CONNACK properties that describe this listener. */
    void serverProperties(MqttProperties out) {
        out.add(new IntegerProperty(
                MqttPropertyType.RECEIVE_MAXIMUM.value(), context.options().receiveMaximum()));
        out.add(new IntegerProperty(MqttPropertyType.MAXIMUM_QOS.value(), 1));
        out.add(new IntegerProperty(MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
        out.add(new IntegerProperty(
                MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), context.limits().maxMessageBytes()));
        out.add(new IntegerProperty(MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE.value(), 1));
        out.add(new IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE.value(), 0));
        out.add(new IntegerProperty(MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE.value(), 0));
    }

    static long willDelay(MqttConnectPayload p) {
        IntegerProperty d = p.willProperties() == null
                ? null
                : (IntegerProperty) p.willProperties().getProperty(MqttPropertyType.WILL_DELAY_INTERVAL.value());
        return d == null ? 0 : Integer.toUnsignedLong(d.value());
    }

    static int clientReceiveMaximum(MqttConnectVariableHeader h) {
        IntegerProperty p = (IntegerProperty) h.properties().getProperty(MqttPropertyType.RECEIVE_MAXIMUM.value());
        return p == null ? 65_535 : p.value();
    }

    static int clientMaxPacket(MqttConnectVariableHeader h) {
        IntegerProperty p = (IntegerProperty) h.properties().getProperty(MqttPropertyType.MAXIMUM_PACKET_SIZE.value());
        return p == null ? Integer.MAX_VALUE : p.value();
    }
}

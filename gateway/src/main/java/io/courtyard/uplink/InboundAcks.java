package io.courtyard.uplink;

import java.util.ArrayDeque;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgements one connection owes its broker: with Paho's automatic acknowledgement off, a
 * QoS 1 message is acknowledged once its handler is done with it, and in the order the messages
 * arrived (MQTT 5 §4.6, [MQTT-4.6.0-2]). One per client: a message of an earlier connection is not
 * acknowledged on a later one (the broker sends it again there, with a new packet id).
 */
final class InboundAcks {
    private static final Logger log = LoggerFactory.getLogger(InboundAcks.class);

    /** One message waiting for its acknowledgement. */
    static final class Pending {
        private final int id;
        private boolean done;

        private Pending(int id) {
            this.id = id;
        }
    }

    private final MqttAsyncClient client;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    InboundAcks(MqttAsyncClient client) {
        this.client = client;
    }

    /** A message arrived; null when it needs no acknowledgement (QoS 0). */
    synchronized Pending arrived(int id, int qos) {
        if (qos != 1) {
            return null;
        }
        Pending p = new Pending(id);
        pending.add(p);
        return p;
    }

    /** The handler is done with {@code p}: it, and every message after it that is done too, are acknowledged. */
    synchronized void done(Pending p) {
        if (p == null) {
            return;
        }
        p.done = true;
        // Sent under the lock: two threads finishing at once must not swap two acknowledgements.
        while (!pending.isEmpty() && pending.peekFirst().done) {
            int id = pending.pollFirst().id;
            try {
                client.messageArrivedComplete(id, 1);
            } catch (MqttException | RuntimeException e) {
                // The connection is gone: the broker sends the message again on the next one.
                log.debug("acknowledgement of message {} not sent: {}", id, e.toString());
            }
        }
    }

    /** Messages waiting for their acknowledgement, done or not. */
    synchronized int waiting() {
        return pending.size();
    }
}

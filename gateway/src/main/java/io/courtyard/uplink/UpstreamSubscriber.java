package io.courtyard.uplink;

import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The little of an upstream MQTT connection that the access-list sync and the signed commands
 * need. Topics are given as suffixes of {@code {prefix}/{siteId}/}.
 */
public interface UpstreamSubscriber {
    /** What arrives on one subscribed topic; runs on the client's thread and must hand real work off. */
    interface Handler {
        /** A message within the topic's limit. */
        void message(byte[] payload);

        /**
         * A message over the topic's limit, refused unread: only its size is known. Paho has
         * acknowledged it (or the broker dropped it), so it will not come again.
         */
        void oversize(long bytes);

        static Handler of(Consumer<byte[]> message, LongConsumer oversize) {
            return new Handler() {
                @Override
                public void message(byte[] payload) {
                    message.accept(payload);
                }

                @Override
                public void oversize(long bytes) {
                    oversize.accept(bytes);
                }
            };
        }
    }

    /**
     * Subscribes (QoS 1) to {@code {prefix}/{siteId}/{suffix}}, now and after every reconnection.
     * Messages of more than {@code maxBytes} reach only {@link Handler#oversize}; the connection
     * asks the broker for nothing larger than its largest subscription needs. Called before the
     * connection starts.
     */
    void subscribe(String suffix, int maxBytes, Handler handler);

    /** Publishes (QoS 1, not retained) when connected; false when it could not be handed to the client. */
    boolean publish(String suffix, byte[] payload);

    /** Runs {@code r} after every successful (re)connection and subscription. */
    void onConnected(Runnable r);
}

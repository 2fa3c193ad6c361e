package io.courtyard.uplink;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The little of an upstream MQTT connection that the access-list sync and the signed commands
 * need. Topics are given as suffixes of {@code {prefix}/{siteId}/}.
 */
public interface UpstreamSubscriber {
    /** What arrives on one subscribed topic; runs on the client's thread and must hand real work off. */
    interface Handler {
        /**
         * A message within the topic's limit. The broker gets its acknowledgement (PUBACK) once the
         * returned stage completes normally, and never before an earlier message's: MQTT 5 §4.6 wants
         * acknowledgements in arrival order. A stage that never completes, or completes
         * exceptionally, leaves the message (and every later one) unacknowledged on this connection:
         * the broker sends it again after the next reconnection (the session is persistent).
         */
        CompletionStage<?> message(byte[] payload);

        /**
         * A message over the topic's limit, refused unread: only its size is known. It is
         * acknowledged at once (or the broker dropped it), so it will not come again.
         */
        void oversize(long bytes);

        /** A handler whose messages are acknowledged as soon as {@code message} has taken them. */
        static Handler of(Consumer<byte[]> message, LongConsumer oversize) {
            return new Handler() {
                @Override
                public CompletionStage<?> message(byte[] payload) {
                    message.accept(payload);
                    return CompletableFuture.completedFuture(null);
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

    /**
     * Publishes (QoS 1, not retained); completes once the broker acknowledged it, exceptionally when
     * not connected or when the connection failed first.
     */
    CompletableFuture<Void> publishConfirmed(String suffix, byte[] payload);

    /** Runs {@code r} after every successful (re)connection and subscription. */
    void onConnected(Runnable r);
}

package io.courtyard.acl;

import java.util.function.Consumer;

/**
 * The little of the upstream MQTT connection that the access-list sync needs. Topics are given
 * as suffixes of {@code {prefix}/{siteId}/}.
 */
public interface UpstreamSubscriber {
    /**
     * Subscribes (QoS 1) to {@code {prefix}/{siteId}/{suffix}}, now and after every reconnection.
     * The handler runs on the client's thread and must hand real work off.
     */
    void subscribe(String suffix, Consumer<byte[]> handler);

    /** Publishes (QoS 1, not retained) when connected; false when it could not be handed to the client. */
    boolean publish(String suffix, byte[] payload);

    /** Runs {@code r} after every successful (re)connection and subscription. */
    void onConnected(Runnable r);
}

package io.courtyard.runtime.net;

import io.netty.channel.ChannelPipeline;

/**
 * A listener's own handlers: its decoder (bounded by {@code limits.maxMessageBytes()}), then its
 * application handlers. {@link ListenerInitializer} puts them between the shared head (limits, TLS,
 * idle) and the shared tail (the last exception handler).
 */
@FunctionalInterface
public interface ListenerProtocol {
    void addHandlers(ChannelPipeline pipeline, ListenerLimits limits);
}

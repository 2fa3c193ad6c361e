package io.courtyard.testsupport;

import io.courtyard.uplink.UpstreamSubscriber;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An upstream connection without a broker: delivers what a test hands it to the subscribed
 * handlers as the channel does (within the topic's limit, else only the size), returns each
 * message's acknowledgement, and records what is published.
 */
public final class FakeUpstream implements UpstreamSubscriber {
    /** Everything published, as text, in order. */
    public final List<String> published = new CopyOnWriteArrayList<>();
    /** What was published confirmed, by topic suffix, in order. */
    public final Map<String, List<String>> confirmed = new ConcurrentHashMap<>();

    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, Integer> limits = new ConcurrentHashMap<>();
    private final List<Runnable> connected = new CopyOnWriteArrayList<>();
    private volatile boolean online = true;

    @Override
    public void subscribe(String suffix, int maxBytes, Handler h) {
        handlers.put(suffix, h);
        limits.put(suffix, maxBytes);
    }

    @Override
    public boolean publish(String suffix, byte[] payload) {
        if (!online) {
            return false;
        }
        published.add(new String(payload, StandardCharsets.UTF_8));
        return true;
    }

    @Override
    public CompletableFuture<Void> publishConfirmed(String suffix, byte[] payload) {
        if (!online) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        confirmed
                .computeIfAbsent(suffix, k -> new CopyOnWriteArrayList<>())
                .add(new String(payload, StandardCharsets.UTF_8));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onConnected(Runnable r) {
        connected.add(r);
    }

    /** Publications fail while false; setting it true runs the on-connect actions, as a reconnection does. */
    public void online(boolean on) {
        online = on;
        if (on) {
            connected.forEach(Runnable::run);
        }
    }

    /**
     * As the channel does: within the topic's limit to the handler, else only the size. Returns the
     * acknowledgement: complete once the handler is done with the message.
     */
    public CompletionStage<?> deliver(String topic, byte[] payload) {
        Handler h = handlers.get(topic);
        if (h == null) {
            throw new IllegalStateException("nobody subscribed to " + topic);
        }
        if (payload.length > limits.get(topic)) {
            h.oversize(payload.length);
            return CompletableFuture.completedFuture(null);
        }
        return h.message(payload);
    }

    /** The subscribed topics and their limits. */
    public Map<String, Integer> limits() {
        return Map.copyOf(limits);
    }
}

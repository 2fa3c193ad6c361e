package io.courtyard.sim.load.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.courtyard.runtime.ExponentialBackoff;
import io.courtyard.sim.Transport;
import io.courtyard.sim.mqtt.MqttDeviceClient;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's subscriber: every event of the site, QoS 1, on a persistent session (clean start
 * off, a session expiry) so that what the broker queued while it was away is delivered when it
 * comes back. Each event goes to the {@link DeliveryLedger} by {@code seq} and {@code id}; its
 * event-to-upstream latency is the arrival here minus the gateway's {@code receivedAt} (same host,
 * same clock). Each retained {@code status} "online" the gateway publishes on connecting starts a
 * new epoch in the ledger: what follows may be resends.
 *
 * <p>It shares the two cores with the gateway it measures, so it is lean: Netty's MQTT codec on
 * one event loop (Paho's MQTT 5 client read every payload a byte at a time, twice, and was half
 * the simulator's CPU), and a streaming read of only the members it checks, acknowledged after
 * they are recorded.
 */
final class UpstreamChecker implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();
    /** A {@code receivedAt} that is missing or not a time. */
    private static final long NO_TIME = Long.MIN_VALUE;

    private static final MqttDeviceClient.Session SESSION = new MqttDeviceClient.Session(3600, 1000);

    private final int port;
    private final String site;
    private final String filter;
    private final EventLoopGroup group;
    private volatile MqttDeviceClient client;
    private final DeliveryLedger ledger = new DeliveryLedger();
    private final Latency latency = new Latency("event → upstream");
    private final AtomicLong cards = new AtomicLong();
    private final AtomicLong pushes = new AtomicLong();
    private final AtomicLong statuses = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong onlines = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile String lastMalformed = "";
    private volatile long lastOnline;
    /** The last {@code receivedAt} second parsed, as text and as epoch seconds (one thread reads). */
    private String second = "";

    private long secondEpoch;

    /** A checker for the broker on 127.0.0.1:{@code port}; nothing connects before {@link #connect()}. */
    UpstreamChecker(int port, String site) {
        this.port = port;
        this.site = site;
        this.filter = E2eSite.PREFIX + "/" + site + "/+";
        this.group = Transport.group(1, "load-platform");
    }

    /** Connects (again, after a broker restart) and subscribes; the broker keeps the session in between. */
    void connect() throws IOException {
        MqttDeviceClient c = await(MqttDeviceClient.connect(
                group,
                Transport.socket(group),
                new MqttDeviceClient.Options(
                        "127.0.0.1",
                        port,
                        MqttVersion.MQTT_5,
                        "load-platform-" + site,
                        null,
                        null,
                        30,
                        null,
                        null,
                        null,
                        SESSION)));
        c.onMessage(this::arrived);
        client = c;
        int[] granted = await(c.subscribe(filter, 1));
        if (granted.length != 1 || granted[0] != 1) {
            c.drop();
            throw new IOException("the broker granted " + Arrays.toString(granted) + " for " + filter + ", not QoS 1");
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws IOException {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("platform subscriber: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IOException("platform subscriber: no answer from the broker within 10 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("platform subscriber: interrupted", e);
        }
    }

    /**
     * Connects again after the broker restarted, retrying until {@code within} has passed: the
     * first CONNECT can meet a broker that accepted the socket but is not serving yet; one such
     * failure used to leave the platform without its subscriber for the rest of the run and every
     * later event counted as lost.
     */
    void reconnect(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        ExponentialBackoff backoff = new ExponentialBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));
        while (true) {
            try {
                connect();
                return;
            } catch (IOException e) {
                Duration pause = backoff.next();
                if (System.nanoTime() + pause.toNanos() > deadline) {
                    throw e;
                }
                Thread.sleep(pause.toMillis());
            }
        }
    }

    boolean connected() {
        MqttDeviceClient c = client;
        return c != null && c.isConnected();
    }

    // Package-private: tests feed it messages as the broker would deliver them.
    void arrived(String topic, byte[] payload) {
        long now = nowNanos();
        if (topic.endsWith("/status")) {
            if (new String(payload, StandardCharsets.UTF_8).contains("\"online\"")) {
                onlines.incrementAndGet();
                ledger.newEpoch();
                lastOnline = System.nanoTime();
            }
            return;
        }
        try (JsonParser p = JSON.createParser(payload)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
                    event(p, payload, now);
                }
                if (t != JsonToken.END_ARRAY) {
                    throw new IOException("an array member that is not an event: " + t);
                }
            } else if (t == JsonToken.START_OBJECT) {
                event(p, payload, now);
            } else {
                throw new IOException("neither an event nor an array of events: " + t);
            }
            if (p.nextToken() != null) {
                throw new IOException("content after the payload's JSON");
            }
        } catch (IOException | RuntimeException e) {
            malformed.incrementAndGet();
            lastMalformed = topic + ": " + e;
        }
    }

    /** One event, the parser on its START_OBJECT; reads only the members the checks need. */
    private void event(JsonParser p, byte[] payload, long now) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        long seq = -1;
        String id = "";
        String receivedAt = null;
        String device = "";
        String kind = "";
        String state = "";
        boolean decision = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v.isStructStart()) {
                decision |= name.equals("decision");
                p.skipChildren();
                continue;
            }
            switch (name) {
                case "seq" -> seq = p.getValueAsLong(-1);
                case "id" -> id = text(p, v);
                case "receivedAt" -> receivedAt = text(p, v);
                case "device" -> device = text(p, v);
                case "kind" -> kind = text(p, v);
                case "state" -> state = text(p, v);
                case "decision" -> decision = true;
                default -> {
                    // Not checked here.
                }
            }
        }
        if (seq < 1 || id.isEmpty()) {
            malformed.incrementAndGet();
            lastMalformed = "no seq or id: " + abbreviate(text(payload, start, p));
            return;
        }
        events.incrementAndGet();
        if (!ledger.record(seq, id)) {
            return;
        }
        long at = receivedAt == null ? NO_TIME : epochNanosOr(receivedAt, NO_TIME);
        if (at == NO_TIME) {
            malformed.incrementAndGet();
            lastMalformed = "receivedAt: " + abbreviate(text(payload, start, p));
        } else {
            latency.record(now - at);
        }
        if ("access".equals(kind) && decision) {
            if (device.startsWith("bus-")) {
                cards.incrementAndGet();
            } else if (device.startsWith("barrier-")) {
                pushes.incrementAndGet();
            }
        } else if (device.startsWith("monitor-") && "monitor-status".equals(state)) {
            statuses.incrementAndGet();
        }
    }

    private static String text(JsonParser p, JsonToken v) throws IOException {
        return v == JsonToken.VALUE_NULL ? "" : p.getValueAsString("");
    }

    /** The event's text, from its opening brace to where the parser is (its closing brace). */
    private static String text(byte[] payload, int start, JsonParser p) {
        int end = (int) Math.min(payload.length, p.currentLocation().getByteOffset());
        return start < 0 || end <= start ? "?" : new String(payload, start, end - start, StandardCharsets.UTF_8);
    }

    /**
     * {@code receivedAt} as epoch nanoseconds. The gateway writes {@code yyyy-MM-ddTHH:mm:ss[.f]Z};
     * events of one second share their first 19 characters, so the second is parsed once and only
     * the fraction per event. Anything else goes to {@link Instant#parse}.
     */
    long epochNanos(String t) {
        int n = t.length();
        if (n >= 20 && t.charAt(n - 1) == 'Z' && (n == 20 || t.charAt(19) == '.' && n > 21 && n <= 30)) {
            if (!t.regionMatches(0, second, 0, 19)) {
                secondEpoch = Instant.parse(t.substring(0, 19) + "Z").getEpochSecond();
                second = t.substring(0, 19);
            }
            int nanos = 0;
            int digits = 0;
            for (int i = 20; i < n - 1; i++, digits++) {
                char c = t.charAt(i);
                if (c < '0' || c > '9') {
                    return slow(t);
                }
                nanos = nanos * 10 + (c - '0');
            }
            for (; digits < 9 && n > 20; digits++) {
                nanos *= 10;
            }
            return secondEpoch * 1_000_000_000L + nanos;
        }
        return slow(t);
    }

    private long epochNanosOr(String t, long otherwise) {
        try {
            return epochNanos(t);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }

    private static long slow(String t) {
        Instant i = Instant.parse(t);
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static long nowNanos() {
        Instant n = Instant.now();
        return n.getEpochSecond() * 1_000_000_000L + n.getNano();
    }

    DeliveryLedger ledger() {
        return ledger;
    }

    Latency latency() {
        return latency;
    }

    /** Distinct decisions at gates, at barriers, and monitor statuses seen. */
    long cards() {
        return cards.get();
    }

    long pushes() {
        return pushes.get();
    }

    long statuses() {
        return statuses.get();
    }

    /** Events received, duplicates included. */
    long events() {
        return events.get();
    }

    long onlines() {
        return onlines.get();
    }

    /** When (nanoTime) the gateway last said it was online, 0 before. */
    long lastOnline() {
        return lastOnline;
    }

    long malformed() {
        return malformed.get();
    }

    String lastMalformed() {
        return lastMalformed;
    }

    /** Waits until {@code done} holds or {@code limit} passes; true if it held. */
    static boolean await(java.util.function.BooleanSupplier done, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        MqttDeviceClient c = client;
        if (c != null && c.isConnected()) {
            try {
                c.disconnect().get(1, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // Closing at the end of a run: nothing to do about a broker already gone.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "127.0.0.1:" + port + " " + filter;
    }
}

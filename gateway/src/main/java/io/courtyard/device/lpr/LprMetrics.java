package io.courtyard.device.lpr;

import io.courtyard.config.CameraConfig.Vendor;
import io.courtyard.device.lpr.push.Answer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The camera room's meters, declared in one place and registered up front (every vendor and
 * outcome), so a dashboard sees zeros rather than missing series. Refused pushes are the listener's
 * {@code courtyard_listener_messages_refused_total{listener="cameras",reason}}.
 */
public final class LprMetrics implements MeterBinder {
    public static final String READS = "courtyard.lpr.reads";
    public static final String ANSWER = "courtyard.lpr.answer";
    public static final String DUPLICATES = "courtyard.lpr.duplicates";
    public static final String WITHHELD = "courtyard.lpr.withheld";
    public static final String MESSAGES = "courtyard.lpr.messages";
    public static final String BARRIER_COMMANDS = "courtyard.lpr.barrier.commands";
    public static final String CAMERAS_OFFLINE = "courtyard.lpr.cameras.offline";
    public static final String CLOCK_UNTRUSTED = "courtyard.lpr.clock.untrusted";
    public static final String IMAGES = "courtyard.lpr.images";
    public static final String IMAGE_BYTES = "courtyard.lpr.images.bytes";

    private static final String[] OUTCOMES = {"open", "shut", "replay", "not-recorded"};

    private final Supplier<Number> offline;
    private final Supplier<Number> imageBytes;
    private final Map<Vendor, Map<String, Counter>> reads = new EnumMap<>(Vendor.class);
    private final Map<String, Counter> duplicates = new HashMap<>();
    private final Map<String, Counter> withheld = new HashMap<>();
    private final Map<String, Counter> messages = new HashMap<>();
    private final Map<String, Counter> commands = new HashMap<>();
    private final Map<String, Counter> images = new HashMap<>();
    private Timer answer;
    private Counter clock;

    LprMetrics(Supplier<Number> offline, Supplier<Number> imageBytes) {
        this.offline = offline;
        this.imageBytes = imageBytes;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Vendor v : Vendor.values()) {
            Map<String, Counter> byOutcome = new HashMap<>();
            for (String o : OUTCOMES) {
                byOutcome.put(
                        o,
                        Counter.builder(READS)
                                .description("Plate reads answered, by vendor and answer (replay: an offline record)")
                                .tag("vendor", v.tag())
                                .tag("outcome", o)
                                .register(registry));
            }
            reads.put(v, byOutcome);
        }
        counters(
                registry,
                duplicates,
                DUPLICATES,
                "kind",
                "Repeated pushes of a read: repeated, stale, conflicting",
                "repeated",
                "stale",
                "conflicting");
        counters(
                registry,
                withheld,
                WITHHELD,
                "cause",
                "Granted reads not durable in time: kept shut (journal-timeout, journal-failed) or opened on fault",
                "journal-timeout",
                "journal-failed",
                "open-on-fault");
        counters(
                registry,
                messages,
                MESSAGES,
                "kind",
                "Pushes by kind: plate, heartbeat, other",
                "plate",
                "heartbeat",
                "other");
        counters(
                registry,
                commands,
                BARRIER_COMMANDS,
                "result",
                "Hikvision barrierGate commands by result",
                "ok",
                "failed");
        counters(
                registry,
                images,
                IMAGES,
                "result",
                "Pictures stored, dropped (queue full, write failed), pruned",
                "stored",
                "dropped",
                "pruned");
        answer = Timer.builder(ANSWER)
                .description("Push received whole to answer handed to the socket, the journal's commit included")
                .publishPercentiles(0.5, 0.99, 0.999)
                .distributionStatisticExpiry(Duration.ofMinutes(2))
                .register(registry);
        clock = Counter.builder(CLOCK_UNTRUSTED)
                .description("Reads whose camera time was too far from the gateway's; the gateway's time was used")
                .register(registry);
        Gauge.builder(CAMERAS_OFFLINE, offline)
                .description("Cameras silent for longer than their offlineAfter")
                .register(registry);
        Gauge.builder(IMAGE_BYTES, imageBytes)
                .description("Bytes of pictures kept on disk")
                .baseUnit("bytes")
                .register(registry);
    }

    private static void counters(
            MeterRegistry registry,
            Map<String, Counter> into,
            String name,
            String tag,
            String description,
            String... values) {
        for (String v : values) {
            into.put(
                    v,
                    Counter.builder(name).description(description).tag(tag, v).register(registry));
        }
    }

    void answered(Vendor vendor, Answer a) {
        String outcome = a.kind() == Answer.Kind.NOT_RECORDED
                ? "not-recorded"
                : a.replay() ? "replay" : a.opens() ? "open" : "shut";
        reads.get(vendor).get(outcome).increment();
    }

    void answerTime(long nanos) {
        answer.record(nanos, TimeUnit.NANOSECONDS);
    }

    void duplicate(String kind) {
        duplicates.get(kind).increment();
    }

    void withheld(String cause) {
        withheld.get(cause).increment();
    }

    void message(String kind) {
        messages.get(kind.toLowerCase(Locale.ROOT)).increment();
    }

    void command(boolean ok) {
        commands.get(ok ? "ok" : "failed").increment();
    }

    void image(String result) {
        images.get(result).increment();
    }

    void clockUntrusted() {
        clock.increment();
    }
}

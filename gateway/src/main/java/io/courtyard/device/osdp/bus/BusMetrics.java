package io.courtyard.device.osdp.bus;

import io.courtyard.device.card.CardRead;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * The bus poller's meters for one bus, declared in one place and tagged {@code bus}; the codec's own
 * (frames, errors, garbage) are {@link io.courtyard.device.osdp.OsdpCodecMetrics}. Every meter exists
 * from the start, so a healthy bus shows zeros rather than nothing.
 */
public final class BusMetrics {
    /**
     * The percentiles' histograms per timer: one, reset every two minutes, instead of Micrometer's
     * three rotating ones. Two timers per bus are the gateway's most numerous histograms, and the
     * heap they hold is heap the old generation lacks: at two digits of precision and three
     * histograms a timer holds ~230 KB, with one ~140 KB, and with one digit (reply times, where a
     * few per cent of error does not mislead) ~27 KB. 16 buses had 7.4 MB of a 42 MB live heap in
     * them, under a heap the unit keeps at ~73 MB; each full collection it then needs stalls every
     * answer for 60-100 ms (README, performance).
     */
    private static final int PERCENTILE_BUFFERS = 1;

    public static final String POLLS = "courtyard.osdp.polls";
    public static final String COMMANDS = "courtyard.osdp.commands";
    public static final String REPLIES = "courtyard.osdp.replies";
    public static final String TIMEOUTS = "courtyard.osdp.timeouts";
    public static final String RETRIES = "courtyard.osdp.retries";
    public static final String STRAY = "courtyard.osdp.stray";
    public static final String RECONNECTS = "courtyard.osdp.reconnects";
    public static final String REFUSED = "courtyard.osdp.commands.refused";
    public static final String CARDS = "courtyard.osdp.cards";
    public static final String ONLINE = "courtyard.osdp.devices.online";
    public static final String POLL_CYCLE = "courtyard.osdp.poll.cycle";
    public static final String REPLY_TIME = "courtyard.osdp.reply.time";
    public static final String VIOLATIONS = "courtyard.osdp.sc.violations";

    /** How a card read decoded; bad parity and unreadable reads are denied by the drivers and counted here. */
    enum CardKind {
        CARD,
        RAW,
        BAD_PARITY,
        UNREADABLE
    }

    private final Counter polls;
    private final Counter commands;
    private final Counter replies;
    private final Counter timeouts;
    private final Counter retries;
    private final Counter stray;
    private final Counter reconnects;
    private final Map<CommandResult.Status, Counter> refused = new EnumMap<>(CommandResult.Status.class);
    private final Map<CardKind, Counter> cards = new EnumMap<>(CardKind.class);
    private final Map<Violation, Counter> violations = new EnumMap<>(Violation.class);
    private final Timer pollCycle;
    private final Timer replyTime;

    public BusMetrics(MeterRegistry registry, String bus, IntSupplier online) {
        polls = counter(registry, POLLS, bus, "osdp_POLL commands sent, retries excluded");
        commands = counter(
                registry, COMMANDS, bus, "Other commands sent (discovery, handshake, callers'), retries excluded");
        replies = counter(registry, REPLIES, bus, "Replies that answered the outstanding command");
        timeouts = counter(registry, TIMEOUTS, bus, "Commands left unanswered within the reply timeout");
        retries = counter(registry, RETRIES, bus, "Commands sent again, same sequence number, after a timeout or BUSY");
        stray = counter(registry, STRAY, bus, "Intact replies that answered no outstanding command (late or foreign)");
        reconnects = counter(registry, RECONNECTS, bus, "Reconnection attempts to the serial server");
        perValue(
                registry,
                refused,
                CommandResult.Status.class,
                REFUSED,
                bus,
                "reason",
                "Callers' commands not sent, by reason",
                s -> s.name().toLowerCase(Locale.ROOT));
        perValue(registry, cards, CardKind.class, CARDS, bus, "kind", "Card reads by how they decoded", k -> k.name()
                .toLowerCase(Locale.ROOT));
        perValue(
                registry,
                violations,
                Violation.class,
                VIOLATIONS,
                bus,
                "kind",
                "Secure Channel violations: each broke a session, by kind",
                Violation::tag);
        Gauge.builder(ONLINE, online, IntSupplier::getAsInt)
                .description("PDs on this bus that are online")
                .tag("bus", bus)
                // The supplier is a method reference nobody else holds: weakly held, it reads NaN after a GC.
                .strongReference(true)
                .register(registry);
        pollCycle = Timer.builder(POLL_CYCLE)
                .description(
                        "Time between two polls of the same online PD: the poll interval unless the bus is saturated")
                .tag("bus", bus)
                .publishPercentiles(0.5, 0.99)
                // Two digits: with one, a steady 50 ms cycle reads as 48 ms and looks like a bug.
                .percentilePrecision(2)
                .distributionStatisticBufferLength(PERCENTILE_BUFFERS)
                .register(registry);
        replyTime = Timer.builder(REPLY_TIME)
                .description("From a command written to its reply decoded")
                .tag("bus", bus)
                .publishPercentiles(0.5, 0.99)
                .distributionStatisticBufferLength(PERCENTILE_BUFFERS)
                .register(registry);
    }

    /** One counter per value of {@code type}, every one registered up front so that a quiet bus shows zeros. */
    private static <E extends Enum<E>> void perValue(
            MeterRegistry registry,
            Map<E, Counter> into,
            Class<E> type,
            String name,
            String bus,
            String tag,
            String description,
            Function<E, String> tagValue) {
        for (E e : type.getEnumConstants()) {
            into.put(
                    e,
                    Counter.builder(name)
                            .description(description)
                            .tags("bus", bus, tag, tagValue.apply(e))
                            .register(registry));
        }
    }

    private static Counter counter(MeterRegistry registry, String name, String bus, String description) {
        return Counter.builder(name).description(description).tag("bus", bus).register(registry);
    }

    void poll(long sinceLastPollNanos) {
        polls.increment();
        if (sinceLastPollNanos > 0) {
            pollCycle.record(sinceLastPollNanos, TimeUnit.NANOSECONDS);
        }
    }

    void command() {
        commands.increment();
    }

    void replied(long nanos) {
        replies.increment();
        replyTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void timeout() {
        timeouts.increment();
    }

    void retry() {
        retries.increment();
    }

    void stray() {
        stray.increment();
    }

    void reconnect() {
        reconnects.increment();
    }

    void refused(CommandResult.Status why) {
        refused.get(why).increment();
    }

    void violation(Violation v) {
        violations.get(v).increment();
    }

    void card(CardRead read) {
        CardKind k;
        if (read instanceof CardRead.Card) {
            k = CardKind.CARD;
        } else if (read instanceof CardRead.RawCard) {
            k = CardKind.RAW;
        } else {
            k = read instanceof CardRead.BadParity ? CardKind.BAD_PARITY : CardKind.UNREADABLE;
        }
        cards.get(k).increment();
    }

    /** For reports and benchmarks: the poll cycle's count, mean and max so far. */
    public Timer pollCycle() {
        return pollCycle;
    }

    public Timer replyTime() {
        return replyTime;
    }
}

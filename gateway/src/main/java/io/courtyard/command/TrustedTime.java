package io.courtyard.command;

import io.courtyard.runtime.LogLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time a command's validity is decided with: the later of the system clock and the latest
 * signed time this gateway has accepted (the last applied access list's issue time, the latest
 * accepted command's). A clock set back — by hand, by a dead RTC battery, by a forged NTP answer —
 * therefore never brings an expired command back to life; a clock that runs ahead only refuses
 * commands (fail secure).
 */
final class TrustedTime {
    private static final Logger log = LoggerFactory.getLogger(TrustedTime.class);

    private final Clock clock;
    private final Supplier<Instant> listIssuedAt;
    private final LogLimiter behind = new LogLimiter(Duration.ofHours(1));

    /** @param listIssuedAt the issue time of the access list in force (the epoch before any) */
    TrustedTime(Clock clock, Supplier<Instant> listIssuedAt) {
        this.clock = clock;
        this.listIssuedAt = listIssuedAt;
    }

    /** Now, never earlier than {@code commandFloor} or the list's issue time. */
    Instant now(Instant commandFloor) {
        Instant wall = clock.instant();
        Instant list = listIssuedAt.get();
        Instant floor = list != null && list.isAfter(commandFloor) ? list : commandFloor;
        if (!floor.isAfter(wall)) {
            return wall;
        }
        // A signed time may lead the clock by the tolerated skew; more means the clock went back.
        if (Duration.between(wall, floor).compareTo(CommandService.MAX_SKEW) > 0) {
            long suppressed = behind.permit();
            if (suppressed >= 0) {
                log.warn(
                        "system clock {} is behind the latest signed time {} by {} s: commands are decided with the"
                                + " signed time; check NTP",
                        wall,
                        floor,
                        Duration.between(wall, floor).toSeconds());
            }
        }
        return floor;
    }

    /** The system clock itself, for event times (kept as the box saw them). */
    Instant wall() {
        return clock.instant();
    }
}

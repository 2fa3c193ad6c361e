package io.courtyard.config;

import io.courtyard.config.DevicesConfig.AntiPassback;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Local access rules that depend on how the devices are installed, not on who may pass. */
public record AccessConfig(List<GatePair> antiPassbackPairs, Keypad keypad) {
    public static final AccessConfig NONE = new AccessConfig(List.of(), Keypad.DEFAULTS);

    public AccessConfig {
        antiPassbackPairs = List.copyOf(antiPassbackPairs);
    }

    /**
     * Pedestrian anti-passback over two gates: a holder who entered through {@code entry} must
     * leave through {@code exit} before entering again (and the other way round).
     *
     * @param positionExpiry how long a position is remembered; empty: until the next pass or an
     *     operator reset
     */
    public record GatePair(String id, String entry, String exit, AntiPassback mode, Optional<Duration> positionExpiry) {
        public GatePair(String id, String entry, String exit, AntiPassback mode) {
            this(id, entry, exit, mode, Optional.empty());
        }
    }

    /**
     * How many wrong PINs and unknown or malformed codes a reader's keypad takes before it is locked.
     *
     * @param maxAttempts failed keypad entries within {@code window} that lock the keypad
     * @param lockout the first lockout; each further one without a keypad grant in between doubles it
     * @param maxLockout the longest lockout; also how long a quiet keypad takes to forget earlier lockouts
     * @param minCodeLength the shortest visitor code accepted: shorter ones are refused at the keypad and
     *     left out of the index when a list carries them
     */
    public record Keypad(int maxAttempts, Duration window, Duration lockout, Duration maxLockout, int minCodeLength) {
        public static final Keypad DEFAULTS =
                new Keypad(5, Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofHours(1), 6);
    }
}

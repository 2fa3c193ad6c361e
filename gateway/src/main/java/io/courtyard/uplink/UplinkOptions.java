package io.courtyard.uplink;

import java.time.Duration;

/**
 * Tuning of the MQTT sink that the site config does not carry; production defaults, tests
 * shorten the waits.
 *
 * @param inflightCap upper bound of unacknowledged messages, below the broker's Receive Maximum
 * @param pullMax events taken from the journal at once: an alarm raised now waits behind at most
 *     this many plus the in-flight window
 * @param drainThreshold pending events above which a drain is logged with progress
 */
public record UplinkOptions(
        int inflightCap,
        int pullMax,
        Duration backoffBase,
        Duration backoffCap,
        Duration connectTimeout,
        Duration stopBudget,
        long drainThreshold,
        Duration progressEvery) {

    public static UplinkOptions defaults() {
        return new UplinkOptions(
                1000,
                1000,
                Duration.ofMillis(500),
                Duration.ofSeconds(60),
                Duration.ofSeconds(10),
                // Half for outstanding PUBACKs, half for status and DISCONNECT; with the join's
                // grace the sink stops within 2.5 s, inside the lifecycle's 3 s per component.
                Duration.ofMillis(1500),
                1000,
                Duration.ofSeconds(5));
    }

    public UplinkOptions withBackoff(Duration base, Duration cap) {
        return new UplinkOptions(
                inflightCap, pullMax, base, cap, connectTimeout, stopBudget, drainThreshold, progressEvery);
    }

    public UplinkOptions withProgressEvery(Duration every) {
        return new UplinkOptions(
                inflightCap, pullMax, backoffBase, backoffCap, connectTimeout, stopBudget, drainThreshold, every);
    }
}

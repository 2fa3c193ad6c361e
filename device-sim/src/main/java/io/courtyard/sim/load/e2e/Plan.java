package io.courtyard.sim.load.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a mixed end-to-end load run is asked to do.
 *
 * @param rate device events per second offered, all sources together; 0 with {@code flatOut}
 * @param flatOut every source as fast as its devices' windows allow, in the mix's proportion
 * @param outageAt when (from the start of the measured window) the upstream broker is stopped, if at all
 * @param compare another HTTP endpoint that gets the same camera pushes, in the same run
 * @param upstreamBatch events per upstream MQTT message ({@code upstream.mqtt.batchSize})
 * @param journalWindow the gateway's {@code journal.batchWindow}; empty: its default
 * @param journalQuota the gateway's {@code journal.quota} (e.g. {@code 256MiB}); empty: its default
 */
public record Plan(
        int rate,
        boolean flatOut,
        Duration warmUp,
        Duration duration,
        Mix mix,
        Optional<Duration> outageAt,
        Duration outageFor,
        Optional<URI> compare,
        int buses,
        int pdsPerBus,
        int cameras,
        int monitors,
        int monitorWindow,
        int residents,
        int upstreamBatch,
        Optional<Duration> journalWindow,
        Optional<String> journalQuota,
        List<String> gatewayJvm,
        Optional<Path> json) {
    public Plan {
        if (!flatOut && rate <= 0) {
            throw new IllegalArgumentException("give --rate N (N > 0) or --flat-out");
        }
        if (outageAt.isPresent() && outageAt.get().plus(outageFor).compareTo(duration) >= 0) {
            throw new IllegalArgumentException("--outage-at " + outageAt.get() + " + --outage-for " + outageFor
                    + " must end before --duration " + duration + " ends");
        }
        if (journalQuota.isPresent() && !journalQuota.get().matches("[1-9][0-9]{0,5}(MiB|GiB)")) {
            throw new IllegalArgumentException(
                    "--journal-quota: give a size in MiB or GiB such as 256MiB, found " + journalQuota.get());
        }
    }

    /** The same plan at another rate (the cost curve's steps). */
    Plan atRate(int r) {
        return new Plan(
                r,
                false,
                warmUp,
                duration,
                mix,
                outageAt,
                outageFor,
                compare,
                buses,
                pdsPerBus,
                cameras,
                monitors,
                monitorWindow,
                residents,
                upstreamBatch,
                journalWindow,
                journalQuota,
                gatewayJvm,
                Optional.empty());
    }

    /** A label for tables: the rate, or "flat out". */
    String rateLabel() {
        return flatOut ? "flat out" : rate + "/s";
    }
}

package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A short, slow mixed run through the whole harness: a real gateway process, mosquitto stopped and
 * restarted in the middle of the window. It proves the harness's checks, not the gateway's speed.
 */
class MixedLoadIT {
    @Test
    @Timeout(300)
    void aShortRunWithAnUpstreamOutageLosesNothingAndDrainsTheBacklog() throws Exception {
        Plan plan = new Plan(
                200,
                false,
                Duration.ofSeconds(3),
                Duration.ofSeconds(20),
                Mix.parse("cards=1,pushes=1,monitor=2"),
                Optional.of(Duration.ofSeconds(4)),
                Duration.ofSeconds(6),
                Optional.empty(),
                2,
                4,
                4,
                8,
                4,
                500,
                10,
                Optional.empty(),
                Optional.empty(),
                List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                Optional.empty());

        MixedResult r = new MixedLoad(plan).run();

        assertThat(r.passed()).as(String.join("\n", r.lines())).isTrue();
        Delivery d = r.delivery();
        assertThat(d.lost()).isZero();
        assertThat(d.unexplainedDuplicates()).isZero();
        assertThat(d.journaled()).isPositive().isEqualTo(d.arrived());
        // Every source's events reached the platform: at least those completed in the window.
        assertThat(d.gateDecisions())
                .isGreaterThanOrEqualTo(r.counters().completed()[0])
                .isPositive();
        assertThat(d.barrierDecisions())
                .isGreaterThanOrEqualTo(r.counters().completed()[1])
                .isPositive();
        assertThat(d.monitorStatuses())
                .isGreaterThanOrEqualTo(r.counters().completed()[2])
                .isPositive();
        assertThat(r.outage()).isNotNull();
        assertThat(r.outage().backlogAtRestart()).isPositive();
        assertThat(r.outage().drainSeconds()).isNotNaN();
        assertThat(r.latencies()).allSatisfy(p -> assertThat(p.count()).isPositive());
        assertThat(r.maxRssBytes()).isPositive();
        assertThat(r.gatewayCores()).isPositive();
        assertThat(r.json()).contains("\"lost\" : 0").contains("\"passed\" : true");
    }
}

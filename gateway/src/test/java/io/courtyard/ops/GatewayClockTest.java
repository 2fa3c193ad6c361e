package io.courtyard.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.runtime.SimulatedClock;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SettableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A simulated clock is a rehearsal's: a real site's gateway refuses it however it is handed over. */
class GatewayClockTest {
    private static final Path DEMO = ProjectFiles.config("demo.yaml");

    /** The demo compound as a real site: the same file without its {@code simulation: true}. */
    static GatewayConfig realSite() throws Exception {
        String text = ProjectFiles.read(DEMO);
        String real = text.replace("  simulation: true\n", "");
        assertThat(real).isNotEqualTo(text);
        return ConfigLoader.parse(DEMO, real);
    }

    @Test
    void aRealSiteRefusesASimulatedClock() throws Exception {
        GatewayConfig real = realSite();
        assertThat(real.site().simulation()).isFalse();
        SimulatedClock sim = SimulatedClock.startingAt(Instant.parse("2026-10-01T00:00:00Z"), 100);
        assertThatThrownBy(() -> GatewayClock.admit(real, sim))
                .hasMessageContaining("a simulated clock is refused: site.simulation is not true");
    }

    @Test
    void noOtherClockGetsInThroughTheBackDoor() throws Exception {
        GatewayConfig demo = ConfigLoader.load(DEMO);
        assertThatThrownBy(() -> GatewayClock.admit(demo, new SettableClock(Instant.EPOCH)))
                .hasMessageContaining("system clock or a SimulatedClock");
        assertThatThrownBy(
                        () -> GatewayClock.admit(demo, Clock.offset(Clock.systemUTC(), java.time.Duration.ofDays(1))))
                .hasMessageContaining("system clock or a SimulatedClock");
    }

    @Test
    void aSimulationSiteTakesItAndHealthSaysSo() throws Exception {
        GatewayConfig demo = ConfigLoader.load(DEMO);
        assertThat(demo.site().simulation()).isTrue();
        SimulatedClock sim = SimulatedClock.startingAt(Instant.parse("2026-10-01T00:00:00Z"), 100);
        assertThat(GatewayClock.admit(demo, sim)).isSameAs(sim);
        assertThat(GatewayClock.health(sim).orElseThrow()).containsEntry("mode", "simulated at 100.0x real time");
        assertThat(GatewayClock.health(Clock.systemUTC())).isEmpty();
        assertThat(GatewayClock.admit(demo, Clock.systemUTC())).isEqualTo(Clock.systemUTC());
    }
}

package io.courtyard.ops;

import io.courtyard.config.GatewayConfig;
import io.courtyard.runtime.SimulatedClock;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that admits the gateway's clock. The system clock always; a {@link SimulatedClock}
 * only on a site whose configuration says {@code simulation: true}, and then loudly (a WARN line at
 * start, a {@code simulatedClock} section in {@code /health}). Who sets the time decides schedules,
 * pass validity and rescue deadlines, so a real compound can never be given one by a command-line
 * option alone.
 */
final class GatewayClock {
    private static final Logger log = LoggerFactory.getLogger(GatewayClock.class);

    private GatewayClock() {}

    /** The clock the gateway runs on; refuses a simulated clock for a site that is not a simulation. */
    static Clock admit(GatewayConfig config, Clock clock) {
        if (clock instanceof SimulatedClock s) {
            if (!config.site().simulation()) {
                throw new IllegalArgumentException(
                        "site " + config.site().id()
                                + ": a simulated clock is refused: site.simulation is not true (only rehearsal sites may set it)");
            }
            log.warn(
                    "SIMULATED CLOCK: site {} runs on a simulated clock starting {} ({}); never on a real compound",
                    config.site().id(),
                    s.instant(),
                    s.describe());
            return s;
        }
        if (!clock.equals(Clock.systemUTC())) {
            throw new IllegalArgumentException("site " + config.site().id()
                    + ": the gateway runs on the system clock or a SimulatedClock, not " + clock);
        }
        return clock;
    }

    /** The {@code /health} section naming a simulated clock; nothing for the system clock. */
    static Optional<Map<String, Object>> health(Clock clock) {
        if (clock instanceof SimulatedClock s) {
            return Optional.of(Map.of("now", s.instant().toString(), "mode", s.describe()));
        }
        return Optional.empty();
    }
}

package io.courtyard.device.osdp.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every violation is counted; the listeners (the journal) hear the first and then one a minute. */
class ViolationReportsTest {
    private static final Pd PD = new Pd("north-gate-reader", "gates-bus", 1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> heard = new ArrayList<>();
    private final OsdpListener listener = new OsdpListener() {
        @Override
        public void secureChannelViolation(
                Pd pd, Violation violation, String detail, int suppressedBefore, Instant at) {
            heard.add(violation.tag() + " " + suppressedBefore);
        }
    };

    @Test
    void aRunOfViolationsIsReportedOnceAMinuteWithWhatWasHeldBackAndCountedInFull() {
        ViolationReports reports = new ViolationReports(PD, listener, new BusMetrics(registry, "gates-bus", () -> 0));
        long t = 1_000;
        reports.report(Violation.PLAINTEXT, "answered Ack without a MAC", Instant.EPOCH, t);
        reports.report(Violation.BAD_MAC, "MAC does not verify", Instant.EPOCH, t + 1);
        reports.report(Violation.PLAINTEXT, "answered Ack without a MAC", Instant.EPOCH, t + MINUTE - 1);
        assertThat(heard).containsExactly("plaintext 0");

        reports.report(Violation.WRONG_BLOCK, "SCS_15 on a reply", Instant.EPOCH, t + MINUTE);
        assertThat(heard).containsExactly("plaintext 0", "wrong-block 2");
        assertThat(reports.total()).isEqualTo(4);
        assertThat(registry.get(BusMetrics.VIOLATIONS)
                        .tags("kind", "plaintext")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get(BusMetrics.VIOLATIONS)
                        .tags("kind", "no-session")
                        .counter()
                        .count())
                .as("every kind exists from the start")
                .isZero();
    }
}

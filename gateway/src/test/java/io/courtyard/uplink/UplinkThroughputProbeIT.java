package io.courtyard.uplink;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.journal.JournalEvent;
import io.courtyard.testsupport.Mosquitto;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in measurement (mvn -Psoak): raw Paho loop vs the sink to the same mosquitto, same run.
 * Not a benchmark harness (no JMH forks); it reports, and asserts only that both finished.
 */
@Tag("soak")
class UplinkThroughputProbeIT {
    private static final Logger log = LoggerFactory.getLogger(UplinkThroughputProbeIT.class);

    @Test
    void rawPahoLoopVersusSink(@TempDir Path dir) throws Exception {
        int n = Integer.getInteger("courtyard.probe.events", 50_000);
        List<JournalEvent> events = UplinkThroughputProbe.events(n);
        try (Mosquitto broker = Mosquitto.start(dir)) {
            // Warm both paths once so the JIT does not decide the comparison.
            UplinkThroughputProbe.rawPaho(broker.uri(), events.subList(0, n / 5));
            UplinkThroughputProbe.sink(broker.uri(), events.subList(0, n / 5), 1);
            for (int round = 1; round <= Integer.getInteger("courtyard.probe.rounds", 2); round++) {
                var raw = UplinkThroughputProbe.rawPaho(broker.uri(), events);
                var sink1 = UplinkThroughputProbe.sink(broker.uri(), events, 1);
                var sink100 = UplinkThroughputProbe.sink(broker.uri(), events, 100);
                var journal1 = UplinkThroughputProbe.sinkOnJournal(
                        broker.uri(), events, 1, java.nio.file.Files.createTempDirectory(dir, "journal"));
                var journal100 = UplinkThroughputProbe.sinkOnJournal(
                        broker.uri(), events, 100, java.nio.file.Files.createTempDirectory(dir, "journal"));
                log.info("round {}: {}", round, raw);
                log.info(
                        "round {}: {} (ratio {})",
                        round,
                        sink1,
                        String.format(java.util.Locale.ROOT, "%.2f", sink1.perSecond() / raw.perSecond()));
                log.info(
                        "round {}: {} (ratio {})",
                        round,
                        sink100,
                        String.format(java.util.Locale.ROOT, "%.2f", sink100.perSecond() / raw.perSecond()));
                for (var r : List.of(journal1, journal100)) {
                    log.info(
                            "round {}: {} (ratio {})",
                            round,
                            r,
                            String.format(java.util.Locale.ROOT, "%.2f", r.perSecond() / raw.perSecond()));
                }
                assertTrue(raw.perSecond() > 0 && sink1.perSecond() > 0 && sink100.perSecond() > 0);
            }
        }
    }
}

package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker fed as the broker feeds it, without a broker: what it concludes about lost and doubled events. */
class UpstreamCheckerTest {
    private static final String TOPIC = "courtyard/load-court/";

    private static String event(long seq, String kind, String device, String extra) {
        return "{\"id\":\"load-court-a1-" + seq + "\",\"seq\":" + seq + ",\"kind\":\"" + kind + "\",\"device\":\""
                + device + "\",\"ts\":\"" + Instant.now() + "\",\"receivedAt\":\"" + Instant.now() + "\"" + extra
                + "}";
    }

    private static byte[] message(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static BitSet journal(long through) {
        BitSet b = new BitSet();
        b.set(1, (int) through + 1);
        return b;
    }

    @Test
    void anEventTheJournalHoldsButThePlatformNeverSawIsLost() throws Exception {
        try (UpstreamChecker c = new UpstreamChecker(1, "load-court")) {
            c.arrived(TOPIC + "status", message("{\"status\":\"online\"}"));
            c.arrived(
                    TOPIC + "access",
                    message("[" + event(1, "access", "bus-00-gate-1", ",\"decision\":\"grant\"") + ","
                            + event(2, "access", "barrier-001", ",\"decision\":\"grant\"") + "]"));
            // seq 3 never comes
            c.arrived(
                    TOPIC + "device",
                    message("[" + event(4, "device", "monitor-0001", ",\"state\":\"monitor-status\"") + "]"));
            Delivery d = Delivery.check(c, journal(4), 4, c.ledger().counts().contiguousThrough() >= 4);
            assertThat(d.lost()).isEqualTo(1);
            assertThat(d.lostSample()).containsExactly("3");
            assertThat(d.caughtUp()).isFalse();
            assertThat(d.passed()).isFalse();
            assertThat(d.gateDecisions()).isEqualTo(1);
            assertThat(d.barrierDecisions()).isEqualTo(1);
            assertThat(d.monitorStatuses()).isEqualTo(1);
        }
    }

    @Test
    void aDuplicateInOneConnectionFailsTheRunAndAResendAfterReconnectDoesNot() throws Exception {
        try (UpstreamChecker c = new UpstreamChecker(1, "load-court")) {
            c.arrived(TOPIC + "status", message("{\"status\":\"online\"}"));
            c.arrived(TOPIC + "access", message(event(1, "access", "bus-00-gate-1", "")));
            c.arrived(TOPIC + "access", message(event(2, "access", "bus-00-gate-1", "")));
            // The gateway reconnected and resent 2: explained.
            c.arrived(TOPIC + "status", message("{\"status\":\"online\"}"));
            c.arrived(TOPIC + "access", message(event(2, "access", "bus-00-gate-1", "")));
            Delivery d = Delivery.check(c, journal(2), 2, true);
            assertThat(d.lost()).isZero();
            assertThat(d.explainedDuplicates()).isEqualTo(1);
            assertThat(d.passed()).isTrue();
            // Then 1 again, in the same connection as its resend window closed: unexplained.
            c.arrived(TOPIC + "access", message(event(2, "access", "bus-00-gate-1", "")));
            d = Delivery.check(c, journal(2), 2, true);
            assertThat(d.unexplainedDuplicates()).isEqualTo(1);
            assertThat(d.unexplainedSample())
                    .extracting(DeliveryLedger.Duplicate::seq)
                    .containsExactly(2L);
            assertThat(d.passed()).isFalse();
        }
    }

    @Test
    void aMessageThatIsNotAnEventIsCountedMalformedAndFailsTheRun() throws Exception {
        try (UpstreamChecker c = new UpstreamChecker(1, "load-court")) {
            c.arrived(TOPIC + "access", message("{\"id\":\"x\"}"));
            c.arrived(TOPIC + "access", message("[{\"seq\":1,"));
            Delivery d = Delivery.check(c, new BitSet(), 0, true);
            assertThat(d.malformed()).isEqualTo(2);
            assertThat(d.passed()).isFalse();
        }
    }

    @Test
    void aGapTheGatewayMadeIsNotCountedAsLost() throws Exception {
        try (UpstreamChecker c = new UpstreamChecker(1, "load-court")) {
            c.arrived(TOPIC + "access", message(event(1, "access", "bus-00-gate-1", "")));
            c.arrived(TOPIC + "access", message(event(3, "access", "bus-00-gate-1", "")));
            BitSet journal = new BitSet();
            journal.set(1);
            journal.set(3); // 2 was purged by the gateway before it was sent
            Delivery d = Delivery.check(c, journal, 3, true);
            assertThat(d.lost()).isZero();
            assertThat(d.journalGaps()).isEqualTo(1);
        }
    }

    @Test
    void receivedAtIsReadAsInstantParseReadsIt() {
        try (UpstreamChecker c = new UpstreamChecker(1, "load-court")) {
            Random r = new Random(7);
            for (int i = 0; i < 20_000; i++) {
                // Seconds that repeat and change, every fraction length the gateway writes (0, 3, 6, 9) and others.
                Instant t = Instant.ofEpochSecond(1_700_000_000L + r.nextInt(5) + i / 3, r.nextInt(1_000_000_000));
                String text = t.toString();
                int cut = r.nextInt(11);
                if (cut < 10 && text.length() > 21) {
                    text = text.substring(0, Math.min(text.length() - 1, 20 + cut)) + "Z";
                    if (text.charAt(19) == '.' && text.length() == 21) {
                        text = text.substring(0, 19) + "Z";
                    }
                }
                Instant expected = Instant.parse(text);
                assertThat(c.epochNanos(text))
                        .as(text)
                        .isEqualTo(expected.getEpochSecond() * 1_000_000_000L + expected.getNano());
            }
            assertThat(c.epochNanos("+12026-01-01T00:00:00Z"))
                    .isEqualTo(Instant.parse("+12026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
            assertThatThrownBy(() -> c.epochNanos("2026-12-03T11:53:18.12a4Z"))
                    .isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> c.epochNanos("2026-12-03T11:53:61Z")).isInstanceOf(DateTimeParseException.class);
        }
    }

    @Test
    void membersItDoesNotCheckAreSkippedWhateverTheyHold() throws Exception {
        try (UpstreamChecker c = new UpstreamChecker(1, "load-court")) {
            c.arrived(
                    TOPIC + "device",
                    message("["
                            + event(
                                    1,
                                    "device",
                                    "monitor-0001",
                                    ",\"faults\":[\"E1\",{\"seq\":9}],"
                                            + "\"extra\":{\"id\":\"\",\"seq\":-1,\"x\":[[]]},\"state\":\"monitor-status\"")
                            + "," + event(2, "device", "monitor-0001", ",\"state\":\"monitor-status\"") + "]"));
            c.arrived(
                    TOPIC + "device",
                    message(event(3, "device", "monitor-0001", "").replace("\"receivedAt\"", "\"r\"")));
            Delivery d = Delivery.check(c, journal(3), 3, true);
            assertThat(d.lost()).isZero();
            assertThat(d.monitorStatuses()).isEqualTo(2);
            // Seq 3 arrived but carries no receivedAt: recorded, and counted malformed with its text.
            assertThat(d.malformed()).isEqualTo(1);
            assertThat(c.lastMalformed())
                    .startsWith("receivedAt: {\"id\":\"load-court-a1-3\"")
                    .endsWith("}");
            assertThat(c.events()).isEqualTo(3);
        }
    }
}

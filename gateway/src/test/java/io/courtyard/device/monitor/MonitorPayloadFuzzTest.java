package io.courtyard.device.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.testsupport.FuzzBudget;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever a monitor publishes, its status and fault payloads decode into our schema with every field
 * in its documented range, or are refused with a {@link PayloadException}; nothing else escapes.
 *
 * <p>Input: one flag byte (bit 0: a fault message, else a status; bit 1: through a firmware field
 * map, else our own field names), then the MQTT payload.
 */
@Tag("fuzz")
class MonitorPayloadFuzzTest {
    private static final FuzzBudget BUDGET = new FuzzBudget("monitor PayloadDecoder", 2 << 20, 256);
    private static final PayloadDecoder OURS = new PayloadDecoder(Map.of());
    /** A firmware that names floor, door and fault code its own way (as in PayloadDecoderTest). */
    private static final PayloadDecoder MAPPED =
            new PayloadDecoder(Map.of("lc", "floor", "mzt", "door", "gzdm", "code"));

    private static final String CODE = "[A-Za-z0-9._-]{1,16}";

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyPayloadDecodesInRangeOrIsRefused(byte[] data) throws Exception {
        if (data.length < 1) {
            return;
        }
        boolean fault = (data[0] & 1) != 0;
        PayloadDecoder decoder = (data[0] & 2) != 0 ? MAPPED : OURS;
        byte[] payload = Arrays.copyOfRange(data, 1, data.length);
        Payload p;
        try {
            p = BUDGET.call(data.length, () -> fault ? decoder.fault(payload) : decoder.status(payload));
        } catch (PayloadException e) {
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        if (p instanceof Payload.Fault f) {
            assertThat(f.code()).matches(CODE);
            assertThat(f.extra()).isNotNull();
        } else {
            MonitorStatus s = ((Payload.Status) p).status();
            assertThat(s.running()).isIn(null, "running", "stopped");
            assertThat(s.direction())
                    .satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(PayloadDecoder.DIRECTIONS)
                            .contains(v));
            assertThat(s.door()).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(PayloadDecoder.DOORS)
                    .contains(v));
            assertThat(s.power()).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(PayloadDecoder.POWER)
                    .contains(v));
            assertThat(s.mode()).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(PayloadDecoder.MODES)
                    .contains(v));
            assertThat(s.floor()).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v)
                    .isBetween(-99, 999));
            assertThat(s.speed()).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v)
                    .isBetween(0.0, 25.0));
            assertThat(s.runCount()).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v)
                    .isNotNegative());
            assertThat(s.doorCycles()).satisfiesAnyOf(v -> assertThat(v).isNull(), v -> assertThat(v)
                    .isNotNegative());
            if (s.faults() != null) {
                assertThat(s.faults()).allSatisfy(c -> assertThat(c).matches(CODE));
            }
        }
    }
}

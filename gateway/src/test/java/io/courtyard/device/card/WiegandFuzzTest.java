package io.courtyard.device.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.device.Bytes;
import io.courtyard.testsupport.FuzzBudget;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Whatever bits a reader sends are decided, never thrown: {@link Wiegand#decode} returns a card, raw
 * bits, bad parity or unreadable for any bit count whose bytes fit, and refuses only a byte count
 * that does not fit the bit count, with {@link IllegalArgumentException}. A decoded card encodes back
 * to the bits it came from.
 *
 * <p>Input: two bytes big-endian, bit 15 set to pass the rest as it is (byte count unchecked), bits
 * 0-9 the bit count; then the card bits, MSB first.
 */
@Tag("fuzz")
class WiegandFuzzTest {
    private final FuzzBudget budget = new FuzzBudget("Wiegand.decode", 64 << 10, 64);

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyBitsAreDecidedNeverThrown(byte[] data) throws Exception {
        if (data.length < 2) {
            return;
        }
        int header = (data[0] & 0xFF) << 8 | data[1] & 0xFF;
        int bitCount = header & 0x3FF;
        byte[] rest = Arrays.copyOfRange(data, 2, data.length);
        boolean asIs = (header & 0x8000) != 0;
        byte[] bits = asIs ? rest : Arrays.copyOf(rest, WiegandBits.bytesFor(bitCount));
        if (bits.length != WiegandBits.bytesFor(bitCount)) {
            assertThatThrownBy(() -> Wiegand.decode(bitCount, Bytes.of(bits)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("bits: ");
            return;
        }
        CardRead read = budget.call(data.length, () -> Wiegand.decode(bitCount, Bytes.of(bits)));
        if (read instanceof CardRead.Card c) {
            assertThat(c.format().bits()).isEqualTo(bitCount);
            // Every bit of a known format is facility, number or parity: the read is the card.
            assertThat(Wiegand.encode(c)).isEqualTo(Bytes.of(clearedPast(bits, bitCount)));
        } else if (read instanceof CardRead.RawCard r) {
            assertThat(Wiegand.formatFor(bitCount)).isEmpty();
            assertThat(r.bitCount()).isEqualTo(bitCount);
            assertThat(r.bits()).isEqualTo(Bytes.of(clearedPast(bits, bitCount)));
            assertThat(r.credential()).isNotNull();
        } else if (read instanceof CardRead.BadParity b) {
            assertThat(b.format().bits()).isEqualTo(bitCount);
            assertThat(b.credential()).isNull();
        } else {
            assertThat(read).isEqualTo(new CardRead.Unreadable(bitCount));
            assertThat(bitCount == 0 || bitCount > Wiegand.MAX_RAW_BITS).isTrue();
        }
    }

    private static byte[] clearedPast(byte[] bits, int bitCount) {
        byte[] b = bits.clone();
        for (int i = bitCount; i < b.length * 8; i++) {
            WiegandBits.set(b, i, false);
        }
        return b;
    }
}

package io.courtyard.device.card;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.device.Bytes;
import io.courtyard.device.card.CardRead.BadParity;
import io.courtyard.device.card.CardRead.Card;
import io.courtyard.device.card.CardRead.RawCard;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wiegand formats. The H10301, Corporate 1000 and H10304 vectors come from issue 5 and were
 * recomputed independently (Python, from the HID parity layouts) before being written here; the
 * H10306 vector is self-derived the same way.
 */
class WiegandTest {

    @ParameterizedTest(name = "{0} {1}/{2} -> {3}")
    @CsvSource({
        "H10301, 123, 4567, bd 88 eb 80",
        "CORPORATE_1000, 1234, 567890, d3 4a 2a 94 80",
        "H10304, 1234, 123456, 82 69 1e 24 08",
        "H10306, 123, 4567, 00 3d 88 eb c0", // self-derived
    })
    void vectorsEncodeAndDecode(WiegandFormat format, int facility, long number, String hex) {
        Bytes bits = Bytes.fromHex(hex);
        assertThat(Wiegand.encode(format, facility, number)).isEqualTo(bits);
        assertThat(Wiegand.decode(format.bits(), bits)).isEqualTo(new Card(format, facility, number));
    }

    static Stream<Arguments> extremes() {
        return Stream.of(WiegandFormat.values())
                .flatMap(f -> Stream.of(
                        Arguments.of(f, 0, 0L),
                        Arguments.of(f, f.maxFacility(), f.maxNumber()),
                        Arguments.of(f, f.maxFacility(), 0L),
                        Arguments.of(f, 0, f.maxNumber()),
                        Arguments.of(f, 0x55 & f.maxFacility(), 0x2AAAAL & f.maxNumber())));
    }

    @ParameterizedTest(name = "{0} {1}/{2}")
    @MethodSource("extremes")
    void everyFormatRoundTripsAtItsLimits(WiegandFormat format, int facility, long number) {
        Bytes bits = Wiegand.encode(format, facility, number);
        assertThat(bits.length()).isEqualTo((format.bits() + 7) / 8);
        assertThat(Wiegand.decode(format.bits(), bits)).isEqualTo(new Card(format, facility, number));
    }

    @Test
    void randomCardsRoundTrip() {
        Random random = new Random(26);
        for (WiegandFormat f : WiegandFormat.values()) {
            for (int i = 0; i < 500; i++) {
                int facility = random.nextInt(f.maxFacility() + 1);
                long number = (long) (random.nextDouble() * (f.maxNumber() + 1));
                assertThat(Wiegand.decode(f.bits(), Wiegand.encode(f, facility, number)))
                        .isEqualTo(new Card(f, facility, number));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(WiegandFormat.class)
    void anySingleFlippedBitIsBadParity(WiegandFormat format) {
        byte[] good = Wiegand.encode(format, 0x5A & format.maxFacility(), 0x1234 & format.maxNumber())
                .toArray();
        for (int bit = 0; bit < format.bits(); bit++) {
            byte[] bad = good.clone();
            bad[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
            assertThat(Wiegand.decode(format.bits(), Bytes.of(bad)))
                    .as("bit %d", bit)
                    .isEqualTo(new BadParity(format));
        }
    }

    @Test
    void unknownBitLengthsAreRawCredentialsWithPaddingCleared() {
        // A 32-bit UID reader and a 56-bit (7-byte UID) reader.
        assertThat(Wiegand.decode(32, Bytes.fromHex("04a1b2c3"))).isEqualTo(new RawCard(32, Bytes.fromHex("04a1b2c3")));
        assertThat(Wiegand.decode(30, Bytes.fromHex("04a1b2c3")))
                .isEqualTo(Wiegand.decode(30, Bytes.fromHex("04a1b2c0")))
                .isEqualTo(new RawCard(30, Bytes.fromHex("04a1b2c0")));
        assertThat(Wiegand.decode(56, Bytes.fromHex("04a1b2c3d4e5f6"))).isInstanceOf(RawCard.class);
    }

    @ParameterizedTest(name = "{0} bits")
    @CsvSource({"0, 0", "513, 65", "600, 75", "4096, 512"})
    void readsOfNoBitsOrMoreThan512AreCredentialLessNeverAThrow(int bits, int bytes) {
        CardRead read = Wiegand.decode(bits, Bytes.of(new byte[bytes]));
        assertThat(read.credential()).as("nothing an access list can hold").isNull();
        assertThat(read.toString()).contains(Integer.toString(bits));
    }

    @Test
    void theLongestRawReadStillIsACredential() {
        assertThat(Wiegand.decode(512, Bytes.of(new byte[64])).credential()).isNotNull();
        assertThat(Wiegand.decode(1, Bytes.ofUnsigned(0x80)).credential()).isNotNull();
    }

    @Test
    void knownLengthAlwaysNamesItsFormat() {
        assertThat(Wiegand.formatFor(26)).hasValue(WiegandFormat.H10301);
        assertThat(Wiegand.formatFor(34)).hasValue(WiegandFormat.H10306);
        assertThat(Wiegand.formatFor(35)).hasValue(WiegandFormat.CORPORATE_1000);
        assertThat(Wiegand.formatFor(37)).hasValue(WiegandFormat.H10304);
        assertThat(Wiegand.formatFor(32)).isEmpty();
    }

    @Test
    void outOfRangeFieldsAndMismatchedLengthsAreRefusedWithTheValue() {
        assertThatThrownBy(() -> Wiegand.encode(WiegandFormat.H10301, 256, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256")
                .hasMessageContaining("0..255");
        assertThatThrownBy(() -> Wiegand.encode(WiegandFormat.H10301, 1, 65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> Wiegand.decode(26, Bytes.fromHex("bd88eb")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 bytes for 26 bits");
    }

    @Test
    void cardNumbersAreMaskedInToString() {
        assertThat(new Card(WiegandFormat.CORPORATE_1000, 1234, 567890).toString())
                .doesNotContain("567890")
                .contains("****");
        assertThat(new RawCard(32, Bytes.fromHex("04a1b2c3")).toString()).doesNotContain("04a1b2c3");
    }
}

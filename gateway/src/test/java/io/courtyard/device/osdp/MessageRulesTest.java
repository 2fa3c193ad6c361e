package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.device.osdp.LedSetting.Permanent;
import io.courtyard.device.osdp.LedSetting.PermanentAction;
import io.courtyard.device.osdp.OutputControl.Action;
import io.courtyard.device.osdp.OutputControl.Output;
import io.courtyard.device.osdp.PdCapabilities.Capability;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Constraints of individual messages that the round-trip tests do not show. */
class MessageRulesTest {

    @Test
    void ledFactoriesNeverProduceASetThatReadersRefuse() {
        for (LedColor c : LedColor.values()) {
            LedSetting steady = LedSetting.steady(0, 0, c);
            LedSetting shown = LedSetting.show(0, 0, c, Duration.ofMillis(100));
            assertThat(steady.permanent().onTime()).isPositive();
            assertThat(steady.permanent().offTime()).isZero();
            assertThat(steady.permanent().refusedByCommonReaders()).isFalse();
            assertThat(shown.temporary().refusedByCommonReaders()).isFalse();
        }
        assertThat(new Permanent(PermanentAction.SET, 0, 0, LedColor.GREEN, LedColor.BLACK).refusedByCommonReaders())
                .isTrue();
    }

    @Test
    void pulseRoundsUpToTenthsAndRefusesZero() {
        assertThat(Output.pulse(2, Duration.ofMillis(3001))).isEqualTo(new Output(2, Action.TEMPORARY_ON, 31));
        assertThatThrownBy(() -> Output.pulse(2, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 is outside 1..65535");
    }

    @Test
    void invalidValuesNameFieldRangeAndValue() {
        assertThatThrownBy(() -> new ComSet(0x7F, 9600)).hasMessage("new address: 127 is outside 0..126");
        assertThatThrownBy(() -> new RawCardData(0, 1, 26, Samples.RND)).hasMessageContaining("8 bytes, expected 4");
        assertThatThrownBy(() -> OsdpFrame.of(1, false, 4, CheckMode.CRC, null, 0x60, Samples.RND))
                .hasMessage("sequence 4 is outside 0..3");
    }

    @Test
    void capabilitiesAnswerTheFallbackQuestions() {
        PdCapabilities checksumOnly = PdCapabilities.of(new Capability(8, 0, 0));
        assertThat(checksumOnly.supportsCrc()).isFalse();
        assertThat(checksumOnly.supportsSecureChannel()).isFalse();
        PdCapabilities modern =
                PdCapabilities.of(new Capability(8, 1, 0), new Capability(9, 1, 0), new Capability(10, 0xA0, 0x05));
        assertThat(modern.supportsCrc()).isTrue();
        assertThat(modern.supportsSecureChannel()).isTrue();
        assertThat(modern.receiveBufferSize()).hasValue(0x05A0);
    }

    @Test
    void aFramesStringFormShowsLengthsNotItsData() {
        OsdpFrame f = new OsdpFrame(
                0x81,
                0x05,
                null,
                0x50,
                io.courtyard.device.Bytes.ofUnsigned(0x00, 0x01, 0x1A, 0x00, 0xBD, 0x88, 0xEB, 0x80),
                io.courtyard.device.Bytes.of());
        org.assertj.core.api.Assertions.assertThat(f.toString())
                .contains("data=<8 bytes>")
                .doesNotContain("bd88")
                .doesNotContain("BD88");
    }

    @Test
    void anOsdpDevicesStringFormHidesItsSecureChannelKey() {
        var d = new io.courtyard.config.DevicesConfig.OsdpDevice(
                "north-gate-reader",
                1,
                io.courtyard.config.DevicesConfig.SecureChannel.ON,
                java.util.Optional.of("000102030405060708090A0B0C0D0E0F"));
        org.assertj.core.api.Assertions.assertThat(d.toString())
                .contains("scbk=****")
                .doesNotContain("0A0B0C");
    }
}

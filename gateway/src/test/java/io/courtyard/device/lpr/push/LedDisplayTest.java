package io.courtyard.device.lpr.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.access.Reason;
import io.courtyard.config.CameraConfig.Display;
import io.courtyard.config.DevicesConfig.Direction;
import java.nio.charset.Charset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The display frames against frames published for these controllers (voice command 0x30, CRC-16/MODBUS). */
class LedDisplayTest {
    @Test
    void voiceFramesMatchPublishedOnesByteForByte() {
        assertThat(Base64.getEncoder().encodeToString(LedDisplay.voice("欢迎光临,请入场停车")))
                .isEqualTo("AGT//zAUAbu206254sHZLMfryOuzoc2js7WpNg==");
        assertThat(Base64.getEncoder().encodeToString(LedDisplay.voice("粤B12345,欢迎光临")))
                .isEqualTo("AGT//zASAdTBQjEyMzQ1LLu206254sHZapE=");
    }

    @Test
    void theCrcOfAPublishedFrameIsItsLastTwoBytesLowFirst() {
        byte[] f = Base64.getDecoder().decode("AGT//zAUAbu206254sHZLMfryOuzoc2js7WpNg==");
        int crc = LedDisplay.crc16Modbus(f, f.length - 2);
        assertThat(f[f.length - 2] & 0xFF).isEqualTo(crc & 0xFF);
        assertThat(f[f.length - 1] & 0xFF).isEqualTo(crc >> 8);
    }

    @Test
    void anAnswerShowsAndSaysThePlateAndWhyAndAReplayOrOffShowsNothing() {
        var frames = LedDisplay.frames(Display.BOTH, Direction.ENTRY, "京A12345", Answer.shut(Reason.ZONE_FULL, false));
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)[4]).isEqualTo((byte) 0x62);
        byte[] voice = frames.get(1);
        assertThat(new String(voice, 7, voice.length - 9, Charset.forName("GBK")))
                .isEqualTo("京A12345 车位已满 Car park full");
        assertThat(LedDisplay.frames(Display.BOTH, Direction.ENTRY, "京A12345", Answer.shut(Reason.GRANTED, true)))
                .isEmpty();
        assertThat(LedDisplay.frames(Display.OFF, Direction.EXIT, "京A12345", Answer.open(Reason.GRANTED)))
                .isEmpty();
        assertThat(LedDisplay.message(Direction.EXIT, Answer.open(Reason.GRANTED)))
                .contains("Goodbye");
    }
}

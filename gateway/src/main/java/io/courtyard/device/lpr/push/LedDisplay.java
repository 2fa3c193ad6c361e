package io.courtyard.device.lpr.push;

import io.courtyard.access.Reason;
import io.courtyard.config.CameraConfig.Display;
import io.courtyard.config.DevicesConfig.Direction;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames for the LED and voice display beside a barrier, which a Vzenith camera forwards to its
 * RS-485 port from the answer's {@code serialData}. The framing is that of the display controllers
 * common in Chinese car parks: {@code 00 64 FF FF CMD LEN DATA CRC}, CRC-16/MODBUS over everything
 * before it, low byte first; command {@code 0x30} speaks (data: {@code 01} then GBK text), command
 * {@code 0x62} shows a line of text in a window for a few seconds.
 */
public final class LedDisplay {
    static final int VOICE = 0x30;
    static final int TEXT = 0x62;
    /** The longest a text frame can ask a line to stay, in seconds: its display time is one byte. */
    public static final int LONGEST = 255;

    private static final Charset GBK = Charset.forName("GBK");

    private LedDisplay() {}

    /** The frames to send for an answer, per the camera's {@code display} setting; none when off. */
    public static List<byte[]> frames(Display display, Direction direction, String plate, Answer answer) {
        List<byte[]> out = new ArrayList<>(2);
        if (display == Display.OFF || answer.replay() || answer.kind() == Answer.Kind.NOT_RECORDED) {
            return out;
        }
        String message = message(direction, answer);
        String shown = plate == null ? message : plate + " " + message;
        if (display.text()) {
            out.add(text(0, shown));
        }
        if (display.voice()) {
            out.add(voice(shown));
        }
        return out;
    }

    /**
     * The frames of a message sent by a remote {@code display} command: the text in window 0 for
     * {@code seconds} (capped at {@link #LONGEST}, the frame's one-byte display time) and, when the
     * display speaks, the text spoken; none when the display is off.
     */
    public static List<byte[]> message(Display display, String text, int seconds) {
        List<byte[]> out = new ArrayList<>(2);
        if (display.text()) {
            out.add(text(0, text, Math.min(seconds, LONGEST)));
        }
        if (display.voice()) {
            out.add(voice(text));
        }
        return out;
    }

    /** Whether the display's GBK font can show every character of {@code text}. */
    public static boolean showable(String text) {
        return GBK.newEncoder().canEncode(text);
    }

    /** Short, bilingual where it fits a 16-character window: the driver reads it at the barrier. */
    static String message(Direction direction, Answer answer) {
        if (answer.opens()) {
            return direction == Direction.ENTRY ? "欢迎光临 Welcome" : "一路顺风 Goodbye";
        }
        return answer.reason() == Reason.ZONE_FULL ? "车位已满 Car park full" : "禁止通行 Not permitted";
    }

    static byte[] voice(String text) {
        byte[] t = text.getBytes(GBK);
        byte[] data = new byte[Math.min(t.length, 254) + 1];
        data[0] = 0x01;
        System.arraycopy(t, 0, data, 1, data.length - 1);
        return frame(VOICE, data);
    }

    /**
     * Window {@code window}, shown at once (enter and exit mode 0), for 5 s: see {@link #text(int, String, int)}.
     */
    static byte[] text(int window, String text) {
        return text(window, text, 5);
    }

    /**
     * Window {@code window}, shown at once (enter and exit mode 0), for {@code seconds} (1–255), font 3, red on black:
     * TWID ETM ETS DM DT EXM EXS FINDEX DRS, then text and background colours (RGBA), then the
     * text's length (two bytes, little endian) and the GBK text.
     */
    static byte[] text(int window, String text, int seconds) {
        if (seconds < 1 || seconds > LONGEST) {
            throw new IllegalArgumentException("display time " + seconds + " s; a text frame says 1–" + LONGEST);
        }
        byte[] t = text.getBytes(GBK);
        int n = Math.min(t.length, 255 - 19);
        ByteArrayOutputStream d = new ByteArrayOutputStream(19 + n);
        d.writeBytes(new byte[] {(byte) window, 0, 1, 0, (byte) seconds, 0, 1, 3, 0});
        d.writeBytes(new byte[] {(byte) 0xFF, 0, 0, 0}); // text: red
        d.writeBytes(new byte[] {0, 0, 0, 0}); // background: black
        d.write(n & 0xFF);
        d.write(n >> 8);
        d.write(t, 0, n);
        return frame(TEXT, d.toByteArray());
    }

    static byte[] frame(int command, byte[] data) {
        if (data.length > 255) {
            throw new IllegalArgumentException("display data is " + data.length + " bytes; a frame carries 255");
        }
        byte[] f = new byte[6 + data.length + 2];
        f[0] = 0x00;
        f[1] = 0x64;
        f[2] = (byte) 0xFF;
        f[3] = (byte) 0xFF;
        f[4] = (byte) command;
        f[5] = (byte) data.length;
        System.arraycopy(data, 0, f, 6, data.length);
        int crc = crc16Modbus(f, f.length - 2);
        f[f.length - 2] = (byte) crc;
        f[f.length - 1] = (byte) (crc >> 8);
        return f;
    }

    /** CRC-16/MODBUS: reflected polynomial 0xA001, initial 0xFFFF. */
    static int crc16Modbus(byte[] b, int length) {
        int crc = 0xFFFF;
        for (int i = 0; i < length; i++) {
            crc ^= b[i] & 0xFF;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }
}

package io.courtyard.sim.scenario;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * What an attacker on the camera network sends the camera listener: bytes that are not HTTP, a
 * push whose declared body is far larger than the listener takes, a request line or header of
 * 64 KiB, a push whose body is not JSON. None may be answered 2xx; each answer (or the closed
 * connection) is shown.
 */
final class CameraGarbage {
    private CameraGarbage() {}

    static void throwAt(Site site, Checks checks) throws IOException {
        if (!site.config().listeners().cameras().enabled()) {
            checks.note("camera listener disabled: no garbage thrown at it");
            return;
        }
        int port = site.config().listeners().cameras().port();
        String big = "A".repeat(64 << 10);
        refused(checks, port, "bytes that are not HTTP", new byte[] {
            0x16, 0x03, 0x01, 0x00, (byte) 0xFF, 0x0A, 0x0D, 0x0A
        });
        refused(
                checks,
                port,
                "a push declaring a 1 GiB body",
                ("POST /lpr/vzenith HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1073741824\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
        refused(
                checks,
                port,
                "a 64 KiB header",
                ("POST /lpr/vzenith HTTP/1.1\r\nHost: x\r\nX-Junk: " + big + "\r\nContent-Length: 2\r\n\r\n{}")
                        .getBytes(StandardCharsets.US_ASCII));
        String body = "{\"AlarmInfoPlate\": {not json";
        refused(
                checks,
                port,
                "a push whose body is not JSON",
                ("POST /lpr/vzenith HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length() + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
    }

    private static void refused(Checks checks, int port, String what, byte[] request) {
        String answer;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The listener may close on the first bad bytes, before the rest is written.
            }
            answer = statusLine(s.getInputStream());
        } catch (SocketTimeoutException e) {
            answer = "no answer within 5 s";
        } catch (IOException e) {
            answer = "closed (" + e.getMessage() + ")";
        }
        checks.check(
                "camera port: " + what + " refused",
                !answer.startsWith("HTTP/1.1 2"),
                answer.isEmpty() ? "closed" : answer);
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII).strip();
    }
}

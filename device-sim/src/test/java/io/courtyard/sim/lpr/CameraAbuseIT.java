package io.courtyard.sim.lpr;

import static io.courtyard.sim.testsupport.LprRig.RESIDENT;
import static io.courtyard.sim.testsupport.LprRig.VZ_IN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.courtyard.sim.testsupport.LprRig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3, the way an attacker or a broken camera would try it over a real socket: truncated
 * JSON, wrong types, a request that is no HTTP, a 50 MB body (announced and chunked), a slowloris
 * client. Each gets a 4xx or a closed connection, is counted, and the listener keeps serving.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraAbuseIT {
    @TempDir
    Path dir;

    private LprRig rig;

    @BeforeEach
    void start() throws Exception {
        rig = LprRig.start(dir);
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", rig.cameraPort());
        s.setSoTimeout(15_000);
        return s;
    }

    private static String post(String path, String contentType, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: gw\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + b.length + "\r\n\r\n" + body;
    }

    /** Writes {@code request} and reads one response (its head and body as text). */
    private String exchange(String request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            return readResponse(s.getInputStream());
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int contentLength = -1;
        int headEnd = -1;
        while (true) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            out.write(buf, 0, n);
            String text = out.toString(StandardCharsets.UTF_8);
            if (headEnd < 0 && (headEnd = text.indexOf("\r\n\r\n")) >= 0) {
                for (String line : text.substring(0, headEnd).split("\r\n")) {
                    if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                        contentLength = Integer.parseInt(line.substring(15).strip());
                    }
                }
            }
            if (headEnd >= 0 && contentLength >= 0 && out.size() >= headEnd + 4 + contentLength) {
                break;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void truncatedJsonWrongTypesAndNoHttpAtAllGet400NamingWhatIsWrong() throws Exception {
        String push = new String(
                        new VzenithCamera(VZ_IN, rig.vzenithLink(), rig.group())
                                .request(new VzenithCamera.Record(1, RESIDENT, 96, java.time.Instant.now()), false)
                                .content()
                                .array(),
                        StandardCharsets.UTF_8)
                .strip();

        String truncated = exchange(post("/lpr/vzenith", "application/json", push.substring(0, push.length() / 2)));
        String wrongType = exchange(
                post("/lpr/vzenith", "application/json", push.replace("\"confidence\":96", "\"confidence\":\"high\"")));
        String garbage = exchange("\u0016\u0003\u0001 this is no HTTP \r\n\r\n");

        assertThat(truncated).startsWith("HTTP/1.1 400").contains("not valid JSON");
        assertThat(wrongType)
                .startsWith("HTTP/1.1 400")
                .contains("PlateResult.confidence")
                .contains("high");
        assertThat(garbage).startsWith("HTTP/1.1 400");
        assertThat(rig.metric("courtyard_listener_messages_refused_total", "reason=\"malformed-body\""))
                .isEqualTo(2);
        assertThat(rig.metric("courtyard_listener_messages_refused_total", "reason=\"malformed\""))
                .isEqualTo(1);
        assertThat(rig.reads()).isEmpty();
        servesOn();
    }

    @Test
    void aFiftyMegabyteBodyIsRefused413WhetherAnnouncedOrChunked() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /lpr/vzenith HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                            + "Content-Length: " + (50 << 20) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 << 10]);
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 413");
        }
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(
                    "POST /lpr/vzenith HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            String answer = null;
            try {
                for (int i = 0; i < 50; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
            } catch (SocketException e) {
                // the gateway closed the connection while we were still sending: that is the point
            }
            answer = readResponse(s.getInputStream());
            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).startsWith("HTTP/1.1 413"), a -> assertThat(a)
                    .isEmpty());
        }
        assertThat(rig.metric("courtyard_listener_messages_refused_total", "reason=\"oversize\""))
                .isEqualTo(2);
        servesOn();
    }

    @Test
    void aSlowlorisClientIsCutAtTheMessageTimeoutAndCounted() throws Exception {
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            byte[] head = "POST /lpr/vzenith HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            long t0 = System.nanoTime();
            boolean cut = false;
            for (int i = 0; i < head.length && !cut; i++) {
                try {
                    out.write(head[i]);
                    out.flush();
                    Thread.sleep(400);
                } catch (SocketException e) {
                    cut = true;
                }
                if (s.getInputStream().available() == 0 && isClosed(s)) {
                    cut = true;
                }
            }
            assertThat(cut).as("cut before the headers were complete").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        rig.metric("courtyard_listener_connections_cut_total", "reason=\"messagetimeoutexception\"")
                                == 1);
        servesOn();
    }

    /** A peer that closed shows as end of stream on a short read. */
    private static boolean isClosed(Socket s) throws IOException {
        s.setSoTimeout(1);
        try {
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        } finally {
            s.setSoTimeout(15_000);
        }
    }

    private void servesOn() throws Exception {
        VzenithCamera entry = rig.vzenith(VZ_IN);
        assertThat(entry.read(RESIDENT, 96).outcome().opened())
                .as("the listener still serves cameras")
                .isTrue();
    }
}

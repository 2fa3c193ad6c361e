package io.courtyard.sim.lpr;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.sim.Transport;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The push's own time runs from the request on the wire, not from the caller's hand-off to the loop. */
@Timeout(30)
class PushClientTest {
    @Test
    void pushTimeStartsWhenTheRequestIsWrittenNotWhenItIsHandedOver() throws Exception {
        EventLoopGroup group = Transport.group(1, "push-client-test");
        try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                PushClient client =
                        new PushClient(group, new InetSocketAddress("127.0.0.1", server.getLocalPort()), null)) {
            Thread answering = new Thread(() -> answerEachAfter(server, 200));
            answering.setDaemon(true);
            answering.start();

            // Connect first, so the second push finds its channel open.
            assertThat(client.send(request(), Duration.ofSeconds(10))
                            .get(10, TimeUnit.SECONDS)
                            .status())
                    .isEqualTo(200);

            // The camera's event loop is busy for 400 ms when the request is handed over.
            CountDownLatch busy = new CountDownLatch(1);
            group.execute(() -> {
                busy.countDown();
                sleep(400);
            });
            busy.await();
            long handedOver = System.nanoTime();
            PushClient.Response res =
                    client.send(request(), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
            long sinceHandOver = System.nanoTime() - handedOver;

            assertThat(res.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(sinceHandOver)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
            assertThat(Duration.ofNanos(res.nanos())).isBetween(Duration.ofMillis(200), Duration.ofMillis(390));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static DefaultFullHttpRequest request() {
        return new DefaultFullHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, "/push", Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
    }

    /** One keep-alive connection: reads each request (headers and a 2-byte body), answers 200 after {@code ms}. */
    private static void answerEachAfter(ServerSocket server, long ms) {
        try (Socket s = server.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            while (true) {
                String line;
                while ((line = in.readLine()) != null && !line.isEmpty()) {
                    // headers
                }
                if (line == null || in.read(new char[2]) < 2) {
                    return;
                }
                sleep(ms);
                out.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (java.io.IOException e) {
            // the client closed
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.courtyard.device.lpr.isapi;

import io.courtyard.config.CameraConfig.Isapi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Opens a Hikvision barrier: {@code PUT /ISAPI/Parking/channels/{n}/barrierGate} with
 * {@code <BarrierGate><ctrlMode>open</ctrlMode></BarrierGate>}, authenticated by HTTP Digest. The
 * last challenge is kept, so later commands go out authenticated at once (nc counting up); a 401
 * (a new or stale nonce) is answered once with the new challenge.
 */
public final class BarrierGateClient {
    private static final String NS = "http://www.isapi.org/ver20/XMLSchema";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Isapi config;
    private final HttpClient http;
    private final URI uri;
    private final String path;
    private final AtomicReference<Digest.Challenge> challenge = new AtomicReference<>();
    private final AtomicInteger nc = new AtomicInteger();

    /** How a command ended: {@code ok} when the camera answered 200 with statusCode 1. */
    public record Result(boolean ok, int status, String detail) {}

    public BarrierGateClient(Isapi config, Executor executor) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.timeout())
                .executor(executor)
                .build();
        this.path = "/ISAPI/Parking/channels/" + config.channel() + "/barrierGate";
        this.uri = config.url().resolve(path);
    }

    /** Raises the barrier. */
    public CompletableFuture<Result> open() {
        return control("open");
    }

    /** Any ISAPI {@code ctrlMode}: {@code open}, {@code close}, {@code lock}, {@code unlock}. */
    public CompletableFuture<Result> control(String mode) {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><BarrierGate version=\"2.0\" xmlns=\"" + NS
                + "\"><ctrlMode>" + mode + "</ctrlMode></BarrierGate>";
        return send(body, challenge.get())
                .thenCompose(r -> {
                    if (r.statusCode() != 401) {
                        return CompletableFuture.completedFuture(r);
                    }
                    Digest.Challenge c;
                    try {
                        c = Digest.Challenge.parse(
                                r.headers().firstValue("WWW-Authenticate").orElse(""));
                    } catch (IllegalArgumentException e) {
                        return CompletableFuture.completedFuture(r);
                    }
                    challenge.set(c);
                    nc.set(0);
                    return send(body, c);
                })
                .thenApply(BarrierGateClient::result);
    }

    private CompletableFuture<HttpResponse<String>> send(String body, Digest.Challenge c) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                .timeout(config.timeout())
                .header("Content-Type", "application/xml; charset=utf-8")
                .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (c != null) {
            byte[] cn = new byte[8];
            RANDOM.nextBytes(cn);
            b.header(
                    "Authorization",
                    Digest.answer(
                                    c,
                                    config.username(),
                                    config.password().reveal(),
                                    "PUT",
                                    path,
                                    nc.incrementAndGet(),
                                    HexFormat.of().formatHex(cn))
                            .header());
        }
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static Result result(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body();
        boolean ok = r.statusCode() == 200 && (body.isEmpty() || body.contains("<statusCode>1</statusCode>"));
        String detail =
                r.statusCode() == 401 ? "authentication refused (check isapi.username and password)" : status(body);
        return new Result(ok, r.statusCode(), detail);
    }

    /** The ResponseStatus's statusString, or the status line's meaning; never the whole body. */
    private static String status(String body) {
        int a = body.indexOf("<statusString>");
        int b = body.indexOf("</statusString>");
        return a >= 0 && b > a ? body.substring(a + 14, Math.min(b, a + 14 + 80)) : "";
    }
}

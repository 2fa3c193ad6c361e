package io.courtyard.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.http.auth.LocalToken;
import io.courtyard.sim.compound.Happening.Crew;
import io.courtyard.sim.compound.Happening.CrewAction;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The operator API as the command line reaches it (over loopback with the gateway's local token from
 * its state directory): lift crews acknowledging, attending and closing faults in their own names, the
 * committee issuing a bill, the live summary counting open faults.
 */
public final class OperatorClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A fault the monitor just raised reaches the faults table through the journal's projection: moments later. */
    private static final Duration FIND_WITHIN = Duration.ofSeconds(15);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String base;
    private final Path stateDir;

    public OperatorClient(int port, Path stateDir) {
        this.base = "http://127.0.0.1:" + port;
        this.stateDir = stateDir;
    }

    /** The open faults (up to 200), as {@code GET /api/faults?open=true} lists them. */
    public JsonNode openFaults() throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/api/faults?open=true&size=200")).path("faults");
    }

    /** {@code GET path}, parsed. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(send("GET", path));
    }

    /** {@code POST path}, parsed. */
    public JsonNode post(String path) throws IOException, InterruptedException {
        return JSON.readTree(send("POST", path));
    }

    /** The open fault of {@code type} (any trapped type for a trapped one) at {@code elevator}, waiting for it a little. */
    Optional<String> openFault(String elevator, String type, Duration within) throws IOException, InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        do {
            JsonNode faults =
                    JSON.readTree(send("GET", "/api/faults?open=true&size=200")).path("faults");
            for (JsonNode f : faults) {
                String t = f.path("type").asText();
                boolean same = type.startsWith("trapped-") ? t.startsWith("trapped-") : t.equals(type);
                if (same && elevator.equals(f.path("elevator").asText())) {
                    return Optional.of(f.path("id").asText());
                }
            }
            Thread.sleep(20);
        } while (System.nanoTime() < end);
        return Optional.empty();
    }

    void act(Crew c) throws IOException, InterruptedException {
        String id = openFault(c.elevator(), c.type(), FIND_WITHIN)
                .orElseThrow(() -> new IOException("no open " + c.type() + " fault at " + c.elevator() + " to "
                        + c.action().name().toLowerCase(java.util.Locale.ROOT)));
        String query = "?by=" + enc(c.by());
        String path =
                switch (c.action()) {
                    case ACK -> "/ack" + query + "&note=" + enc("on our way");
                    case ARRIVE -> "/arrive" + query;
                    case CLOSE -> "/close" + query + "&outcome="
                            + (c.type().startsWith("trapped-") ? "recovered" : "repaired")
                            + "&note=" + enc(c.action() == CrewAction.CLOSE ? "checked and back in service" : "");
                };
        send("POST", "/api/faults/" + enc(id) + path);
    }

    private String send(String method, String path) throws IOException, InterruptedException {
        String token = LocalToken.read(stateDir);
        if (token == null) {
            throw new IOException(stateDir.resolve(LocalToken.FILE) + ": missing; is the gateway running?");
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10));
        b = "POST".equals(method) ? b.POST(HttpRequest.BodyPublishers.noBody()) : b.GET();
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

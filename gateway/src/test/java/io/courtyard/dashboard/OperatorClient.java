package io.courtyard.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.testsupport.DashboardSite;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A browser's part over plain HTTP: logs in, keeps the session cookie and the CSRF token, sends requests. */
final class OperatorClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    /** Shared by every client of a test: its kept-alive connections are reused (16 per address at most). */
    private static final HttpClient http = HttpClient.newHttpClient();

    String cookie;
    String csrf;

    OperatorClient(String base) {
        this.base = base;
    }

    HttpResponse<String> login(DashboardSite.Login l) throws Exception {
        return login(l.user(), l.password());
    }

    HttpResponse<String> login(String user, String password) throws Exception {
        String body = JSON.writeValueAsString(java.util.Map.of("user", user, "password", password));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
            cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            csrf = JSON.readTree(r.body()).get("csrf").asText();
        }
        return r;
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, false);
    }

    /** A change with the session's CSRF token, as the page sends it. */
    HttpResponse<String> post(String path) throws Exception {
        return send("POST", path, true);
    }

    HttpResponse<String> send(String method, String path, boolean withCsrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (withCsrf && csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}

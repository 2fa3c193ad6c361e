package io.courtyard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.access.Emergencies;
import io.courtyard.access.EmergencyMode;
import io.courtyard.testsupport.DashboardSite;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's security as an attacker on the compound's network would try it, over real HTTP
 * against a running gateway: no credentials, a forged or replayed-after-logout cookie, a change
 * without the CSRF token, the wrong role, an emergency mode changed by anyone but the admin or without
 * confirmation, path traversal on the static files, and password
 * guessing (last: it locks the test's own address out).
 */
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardSecurityIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static DashboardSite site;

    @BeforeAll
    static void start() throws Exception {
        site = DashboardSite.start(dir);
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.close();
        }
    }

    private OperatorClient client() {
        return new OperatorClient(site.base());
    }

    @Test
    @Order(1)
    void theApiAnswersNobodyWithoutALoginButHealthAndMetricsStayOpen() throws Exception {
        OperatorClient c = client();
        for (String p : List.of(
                "/api/faults",
                "/api/usage?month=2026-10",
                "/api/bills?month=2026-10&elevator=x",
                "/api/overview",
                "/api/emergency",
                "/api/faults/elevators",
                "/api/faults/types")) {
            assertThat(c.get(p).statusCode()).as(p).isEqualTo(401);
        }
        assertThat(c.get("/health").statusCode()).isEqualTo(200);
        assertThat(c.get("/metrics").statusCode()).isEqualTo(200);
        HttpResponse<String> page = c.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.body())
                .doesNotContain("<script>")
                .doesNotContain("http://")
                .doesNotContain("https://");
    }

    @Test
    @Order(2)
    void aForgedCookieAndACookieReplayedAfterLogoutAreRefused() throws Exception {
        OperatorClient forged = client();
        forged.cookie = "courtyard_session=" + "A".repeat(43);
        assertThat(forged.get("/api/faults").statusCode()).isEqualTo(401);
        forged.cookie = "courtyard_session=../../etc/passwd";
        assertThat(forged.get("/api/faults").statusCode()).isEqualTo(401);

        OperatorClient crew = client();
        HttpResponse<String> login = crew.login(DashboardSite.CREW);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/");
        assertThat(crew.get("/api/faults").statusCode()).isEqualTo(200);
        // A session id one character off is somebody else's guess.
        OperatorClient near = client();
        String id = crew.cookie.substring(crew.cookie.indexOf('=') + 1);
        near.cookie = "courtyard_session=" + id.substring(0, 42) + (id.endsWith("x") ? "y" : "x");
        assertThat(near.get("/api/faults").statusCode()).isEqualTo(401);

        String stolen = crew.cookie;
        assertThat(crew.post("/api/logout").statusCode()).isEqualTo(200);
        OperatorClient replay = client();
        replay.cookie = stolen;
        assertThat(replay.get("/api/faults").statusCode()).isEqualTo(401);
        assertThat(audits("operator-logout"))
                .anyMatch(b -> b.get("user").asText().equals("li.wei")
                        && b.get("reason").asText().equals("logout"));
    }

    @Test
    @Order(3)
    void aChangeWithoutTheCsrfTokenIsRefusedAndWithItGoesThroughAsTheLoggedInUser() throws Exception {
        OperatorClient crew = client();
        crew.login(DashboardSite.CREW);
        String id = openFault("north-gate", crew);
        assertThat(crew.send("POST", "/api/faults/" + id + "/ack?note=x", false).statusCode())
                .isEqualTo(403);
        String saved = crew.csrf;
        crew.csrf = saved.substring(1) + "A";
        assertThat(crew.post("/api/faults/" + id + "/ack").statusCode()).isEqualTo(403);
        crew.csrf = saved;
        // The request names someone else: the journal records who was logged in.
        HttpResponse<String> ack = crew.post("/api/faults/" + id + "/ack?by=somebody.else&note=on%20my%20way");
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
        assertThat(OperatorClient.json(ack).get("acknowledgedBy").asText()).isEqualTo("li.wei");
        assertThat(audits("operator-action"))
                .anyMatch(b -> b.get("action").asText().equals("ack")
                        && b.get("target").asText().equals(id)
                        && b.get("user").asText().equals("li.wei")
                        && b.get("status").asInt() == 200
                        && b.get("from").asText().equals("127.0.0.1"));
        assertThat(audits("operator-action")).anyMatch(b -> b.get("status").asInt() == 403);
    }

    @Test
    @Order(4)
    void theCommitteeReadsFaultsButMayNotChangeThemAndTheCrewSeesNoBills() throws Exception {
        OperatorClient committee = client();
        committee.login(DashboardSite.COMMITTEE);
        String id = openFault("monitor-1-1", committee);
        HttpResponse<String> ack = committee.post("/api/faults/" + id + "/ack");
        assertThat(ack.statusCode()).isEqualTo(403);
        assertThat(ack.body()).contains("committee");
        assertThat(audits("operator-action"))
                .anyMatch(b -> b.get("user").asText().equals("wang.fang")
                        && b.get("status").asInt() == 403);
        assertThat(committee
                        .get("/api/bills?month=2026-10&elevator=elevator-1-1")
                        .statusCode())
                .isEqualTo(200);
        assertThat(committee
                        .post("/api/bills/issue?month=2026-10&elevator=elevator-1-1")
                        .statusCode())
                .as("issuing is the admin's")
                .isEqualTo(403);
        HttpResponse<String> csv = committee.get("/api/bills?month=2026-10&elevator=elevator-1-1&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(audits("operator-export"))
                .anyMatch(b -> b.get("export").asText().equals("bill-csv")
                        && b.get("user").asText().equals("wang.fang"));

        OperatorClient crew = client();
        crew.login(DashboardSite.CREW);
        assertThat(crew.get("/api/bills?month=2026-10&elevator=elevator-1-1").statusCode())
                .isEqualTo(403);
        assertThat(crew.get("/api/usage?month=2026-10").statusCode()).isEqualTo(403);
        assertThat(crew.get("/api/overview").statusCode()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void onlyTheAdminChangesAnEmergencyModeWithTokenAndConfirmationAndAPanelHeldFireStays() throws Exception {
        Emergencies em = site.gateway().access().emergencies();
        OperatorClient crew = client();
        crew.login(DashboardSite.CREW);
        JsonNode seen = OperatorClient.json(crew.get("/api/emergency"));
        assertThat(seen.get("modes").findValuesAsText("mode")).containsExactly("fire", "lockdown");
        assertThat(seen.get("modes").get(0).get("active").asBoolean()).isFalse();
        assertThat(crew.post("/api/emergency/fire/raise?confirm=fire").statusCode())
                .isEqualTo(403);
        OperatorClient committee = client();
        committee.login(DashboardSite.COMMITTEE);
        assertThat(committee.post("/api/emergency/fire/raise?confirm=fire").statusCode())
                .isEqualTo(403);
        assertThat(em.current().fire()).isFalse();
        assertThat(audits("operator-action"))
                .anyMatch(b -> b.get("action").asText().equals("emergency-raise")
                        && b.get("target").asText().equals("fire")
                        && b.get("user").asText().equals("li.wei")
                        && b.get("status").asInt() == 403);

        OperatorClient admin = client();
        admin.login(DashboardSite.ADMIN);
        // A link or an image cannot do it: a GET changes nothing.
        assertThat(admin.get("/api/emergency/fire/raise?confirm=fire").statusCode())
                .isEqualTo(404);
        assertThat(admin.send("POST", "/api/emergency/fire/raise?confirm=fire", false)
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        HttpResponse<String> unconfirmed = admin.post("/api/emergency/fire/raise");
        assertThat(unconfirmed.statusCode()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("confirm=fire");
        assertThat(admin.post("/api/emergency/fire/raise?confirm=lockdown").statusCode())
                .isEqualTo(400);
        assertThat(em.current().fire()).as("nothing refused took effect").isFalse();

        HttpResponse<String> raised = admin.post("/api/emergency/fire/raise?confirm=fire");
        assertThat(raised.statusCode()).as(raised.body()).isEqualTo(200);
        JsonNode fire = OperatorClient.json(raised).get("modes").get(0);
        assertThat(fire.get("active").asBoolean()).isTrue();
        assertThat(fire.get("source").asText()).isEqualTo("operator:admin");
        assertThat(em.current().fire()).isTrue();
        assertThat(emergencyEvents())
                .anyMatch(b -> b.get("state").asText().equals("raised")
                        && b.get("source").asText().equals("operator:admin"));
        assertThat(audits("operator-action"))
                .anyMatch(b -> b.get("action").asText().equals("emergency-raise")
                        && b.get("user").asText().equals("admin")
                        && b.get("status").asInt() == 200
                        && b.get("from").asText().equals("127.0.0.1"));
        // Everyone sees it; lockdown is not the dashboard's on this site.
        assertThat(OperatorClient.json(crew.get("/api/emergency"))
                        .get("modes")
                        .get(0)
                        .get("active")
                        .asBoolean())
                .isTrue();
        HttpResponse<String> lockdown = admin.post("/api/emergency/lockdown/raise?confirm=lockdown");
        assertThat(lockdown.statusCode()).isEqualTo(403);
        assertThat(lockdown.body()).contains("operators.emergencyModes");
        assertThat(em.current().lockdown()).isFalse();

        assertThat(admin.post("/api/emergency/fire/clear?confirm=fire").statusCode())
                .isEqualTo(200);
        assertThat(em.current().fire()).isFalse();
        assertThat(emergencyEvents())
                .anyMatch(b -> b.get("state").asText().equals("cleared")
                        && b.get("source").asText().equals("operator:admin"));

        // The fire panel's own input holds a fire: it is reset at the panel, not from a web page.
        em.raise(EmergencyMode.FIRE, "input:fire-panel").get(10, TimeUnit.SECONDS);
        HttpResponse<String> held = admin.post("/api/emergency/fire/clear?confirm=fire");
        assertThat(held.statusCode()).isEqualTo(409);
        assertThat(held.body()).contains("input:fire-panel");
        assertThat(em.current().fire()).isTrue();
        assertThat(OperatorClient.json(admin.get("/api/emergency"))
                        .get("modes")
                        .get(0)
                        .get("heldLocally")
                        .asBoolean())
                .isTrue();
        em.clear(EmergencyMode.FIRE, "input:fire-panel").get(10, TimeUnit.SECONDS);
    }

    @Test
    @Order(6)
    void pathTraversalOnTheStaticFilesServesNothingButTheDashboard() throws Exception {
        List<String> attacks = List.of(
                "/app/../../../../etc/passwd",
                "/app/..%2f..%2f..%2fetc%2fpasswd",
                "/app/%2e%2e/%2e%2e/etc/passwd",
                "/app/%252e%252e/%252e%252e/etc/passwd",
                "/app/..%5c..%5cetc%5cpasswd",
                "/app/app.js%00.png",
                "/app//etc/passwd",
                "/vendor/../../../../../../etc/passwd",
                "/app/../../gateway/src/main/java/io/courtyard/ops/Gateway.java",
                "/app/../../io/courtyard/http/StaticFiles.class",
                "/app/META-INF/MANIFEST.MF");
        for (String a : attacks) {
            String answer = raw(a);
            assertThat(answer).as(a).matches("(?s)HTTP/1.1 (400|404) .*");
            assertThat(answer).as(a).doesNotContain("root:").doesNotContain("package io.courtyard");
        }
        assertThat(raw("/app/app.js")).startsWith("HTTP/1.1 200 ");
    }

    @Test
    @Order(7)
    void aGuessedPasswordIsThrottledPerUserAndPerAddressAndEveryTryIsJournaled() throws Exception {
        OperatorClient guesser = client();
        for (int i = 0; i < 5; i++) {
            assertThat(guesser.login("li.wei", "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> sixth = guesser.login(DashboardSite.CREW);
        assertThat(sixth.statusCode()).as("even the right password waits").isEqualTo(429);
        assertThat(sixth.headers().firstValue("Retry-After")).isPresent();
        // The address is over its limit too: another name from it waits as well.
        assertThat(guesser.login(DashboardSite.COMMITTEE).statusCode()).isEqualTo(429);
        List<JsonNode> logins = audits("operator-login");
        assertThat(logins.stream().filter(b -> b.get("outcome").asText().equals("wrong-password")))
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(logins).anyMatch(b -> b.get("outcome").asText().equals("throttled"));
        assertThat(logins).noneMatch(b -> b.toString().contains("guess-"));
    }

    /** The first open fault of {@code device}. */
    private static String openFault(String device, OperatorClient c) throws Exception {
        JsonNode page = OperatorClient.json(c.get("/api/faults?open=true&device=" + device));
        return page.get("faults").get(0).get("id").asText();
    }

    /** Sends {@code path} byte for byte as written, as a browser would not: no client normalises it. */
    private static String raw(String path) throws Exception {
        URI base = URI.create(site.base());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The bodies of the journaled emergency changes, oldest first. */
    private static List<JsonNode> emergencyEvents() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = site.gateway().database().connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT body FROM events WHERE type = 'emergency-changed' ORDER BY seq")) {
            while (rs.next()) {
                out.add(JSON.readTree(rs.getString(1)));
            }
        }
        return out;
    }

    /** The bodies of the journaled audit events of {@code type}, oldest first. */
    static List<JsonNode> audits(String type) throws Exception {
        return audits(site, type);
    }

    static List<JsonNode> audits(DashboardSite site, String type) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Connection c = site.gateway().database().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT body FROM events WHERE kind = 'audit' AND type = '" + type + "' ORDER BY seq")) {
            while (rs.next()) {
                out.add(JSON.readTree(rs.getString(1)));
            }
        }
        return out;
    }
}

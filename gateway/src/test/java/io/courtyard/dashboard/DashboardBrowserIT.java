package io.courtyard.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.courtyard.testsupport.Browser;
import io.courtyard.testsupport.DashboardSite;
import io.courtyard.testsupport.ProjectFiles;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in Debian's headless Chromium against a gateway with seeded journal data: the
 * committee reads the usage chart and the bill with the right numbers and downloads the CSV; the
 * committee may not acknowledge; the crew acknowledges a fault, which the journal records with the
 * user; a guessed password is throttled; no page asks anything of a host but the gateway. Takes the
 * README's screenshots (English and Chinese) on the way: see {@link #SHOTS}.
 */
@Timeout(300)
class DashboardBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Where the screenshots go: the build's own directory, so a test run leaves the checkout as it
     * was; {@code -Dscreenshots.update=true} writes the README's copies under docs/screenshots.
     */
    private static final Path SHOTS = Boolean.getBoolean("screenshots.update")
            ? ProjectFiles.root().resolve("docs/screenshots")
            : ProjectFiles.root().resolve("gateway/target/screenshots");

    @TempDir
    static Path dir;

    static DashboardSite site;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        site = DashboardSite.start(dir);
        Files.createDirectories(dir.resolve("downloads"));
        browser = new Browser(dir.resolve("downloads"), "en-US");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (site != null) {
            site.close();
        }
    }

    private ChromeDriver d() {
        return browser.driver();
    }

    private WebElement id(String id) {
        return d().findElement(By.id(id));
    }

    private void login(DashboardSite.Login l) {
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        id("user").clear();
        id("user").sendKeys(l.user());
        id("password").clear();
        id("password").sendKeys(l.password());
        id("login-button").click();
    }

    private void logout() {
        id("logout").click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
    }

    private void go(String view) {
        d().findElement(By.cssSelector("#nav a[data-view='" + view + "']")).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id(view)));
    }

    private void month(String input, String month) {
        // A month input takes keys in the browser's own order; setting the value is what a picker does.
        d().executeScript("arguments[0].value = arguments[1];", id(input), month);
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(site.base() + path))
                                .header("Authorization", "Bearer " + site.localToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private void shot(String name) throws Exception {
        // Charts draw once their data is in; give the last frame a moment to be painted.
        Thread.sleep(300);
        browser.screenshot(SHOTS.resolve(name + ".png"));
    }

    @Test
    void committeeReadsUsageAndBillCrewAcknowledgesAndNothingLeavesTheGateway() throws Exception {
        d().get(site.base() + "/");
        login(DashboardSite.COMMITTEE);
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
        browser.await().until(x -> !id("ov-rides").getText().isEmpty());
        assertThat(id("who").getText()).contains("wang.fang").contains("committee");
        assertThat(d().findElements(By.cssSelector("#ov-faults tr[data-fault]")))
                .hasSizeGreaterThanOrEqualTo(2);
        browser.await().until(x -> d().findElements(By.cssSelector("#ov-faults .clock")).stream()
                .anyMatch(c -> c.getText().contains("left")));
        overviewShowsTodayCamerasAndFaultNames("passenger trapped");
        shot("overview-en");

        usage();
        shot("usage-en");
        bill();
        shot("bill-en");
        downloadCsv();
        go("faults");
        browser.await()
                .until(x -> d().findElements(By.cssSelector("#fault-table tr[data-fault]"))
                                .size()
                        >= 2);
        d().findElement(By.cssSelector("#fault-table tr[data-fault]")).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("fault-detail")));
        assertThat(id("fd-actions").isDisplayed())
                .as("no buttons for the committee")
                .isFalse();
        perElevatorFiguresAreTheGateways();
        assertThat(id("fault-table").getText()).contains("door forced open").doesNotContain("door-forced-open");
        shot("faults-en");
        committeeMayNotAcknowledge();

        // The same pages in Chinese: the switch, then every label from the Chinese table.
        id("lang").click();
        browser.await().until(x -> d().findElement(By.cssSelector("#nav a[data-view='overview']"))
                .getText()
                .equals("总览"));
        go("overview");
        browser.await().until(x -> !id("ov-rides").getText().isEmpty());
        browser.await()
                .until(x -> d().findElements(By.cssSelector("#ov-faults [data-type='trapped-passenger']")).stream()
                        .anyMatch(c -> c.getText().equals("困人")));
        assertThat(id("ov-devices").getText()).contains("车牌识别摄像机");
        shot("overview-zh");
        go("faults");
        browser.await()
                .until(x -> d().findElements(By.cssSelector("#fault-table tr[data-fault]"))
                                .size()
                        >= 2);
        d().findElement(By.cssSelector("#fault-table tr[data-fault]")).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("fault-detail")));
        shot("faults-zh");
        usage();
        shot("usage-zh");
        bill();
        shot("bill-zh");
        go("report");
        month("r-month", DashboardSite.MONTH);
        id("report-form").submit();
        browser.await()
                .until(x -> id("r-page").getText().contains("¥")
                        || id("r-page").getText().contains("哈希"));
        shot("report-zh");
        browser.size(390, 844);
        go("overview");
        browser.await().until(x -> !id("ov-rides").getText().isEmpty());
        shot("overview-phone-zh");
        browser.size(1280, 900);
        logout();

        crewAcknowledges();
        logout();
        adminRaisesAndClearsFireAfterConfirming();
        logout();
        guessingIsThrottled();

        List<String> requested = browser.requested();
        assertThat(requested).isNotEmpty();
        assertThat(requested)
                .as("every request a page made")
                .allMatch(u -> u.startsWith(site.base() + "/") || u.startsWith("data:"));
        assertThat(requested).anyMatch(u -> u.contains("/vendor/echarts-"));
    }

    /** Today's traffic (site time), cameras among the devices, fault types by name. */
    private void overviewShowsTodayCamerasAndFaultNames(String trapped) throws Exception {
        JsonNode o = api("/api/overview");
        String today =
                java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        assertThat(o.get("today").asText()).isEqualTo(today);
        assertThat(o.get("traffic").get("day").asText()).isEqualTo(today);
        assertThat(o.get("devices").get("byKind").has("camera"))
                .as(o.get("devices").toString())
                .isTrue();
        assertThat(o.get("devices").get("byKind").has("monitor")).isTrue();
        assertThat(o.get("devices").get("byKind").has("osdp")).isTrue();
        for (DashboardSite.Traffic t : DashboardSite.TODAY) {
            browser.await()
                    .until(x -> !d().findElements(By.cssSelector("#ov-traffic tr[data-device='" + t.device() + "']"))
                            .isEmpty());
            List<WebElement> cells = d().findElement(By.cssSelector("#ov-traffic tr[data-device='" + t.device() + "']"))
                    .findElements(By.tagName("td"));
            assertThat(cells.get(1).getText()).as(t.device()).isEqualTo(Integer.toString(t.grants()));
            assertThat(cells.get(2).getText()).as(t.device()).isEqualTo(Integer.toString(t.denials()));
        }
        assertThat(id("ov-traffic-total").getText())
                .as("today only: north-gate's 5 grants of two days ago are left out")
                .isEqualTo("5 granted, 1 denied");
        assertThat(id("ov-devices").getText()).contains("Plate cameras").contains("Elevator monitors");
        browser.await()
                .until(x -> d().findElements(By.cssSelector("#ov-faults [data-type='trapped-passenger']")).stream()
                        .anyMatch(c -> c.getText().equals(trapped)));
    }

    /** The fault log's per-elevator row is the gateway's count over every fault of the 30 days. */
    private void perElevatorFiguresAreTheGateways() throws Exception {
        JsonNode figures = null;
        for (JsonNode e : api("/api/faults/elevators").get("elevators")) {
            if (e.get("elevator").asText().equals(DashboardSite.ELEVATOR)) {
                figures = e;
            }
        }
        assertThat(figures).isNotNull();
        assertThat(figures.get("rescues").asLong()).as("the trapped passenger").isEqualTo(1);
        String faults = figures.get("faults").asText();
        By row = By.cssSelector("#fault-elevators tr[data-elevator='" + DashboardSite.ELEVATOR + "']");
        browser.await().until(x -> !d().findElements(row).isEmpty());
        List<WebElement> cells = d().findElement(row).findElements(By.tagName("td"));
        assertThat(cells.get(1).getText()).isEqualTo(faults);
        assertThat(cells.get(4).getText()).isEqualTo("0 / 1");
        assertThat(cells.get(5).getText())
                .isEqualTo(String.format(
                        Locale.ROOT, "%.2f %%", figures.get("availability").asDouble() * 100));
    }

    /**
     * The admin raises fire mode from the overview: nothing happens until the confirmation that names
     * the doors it opens; everyone sees the banner; the admin clears it the same way.
     */
    private void adminRaisesAndClearsFireAfterConfirming() throws Exception {
        var emergencies = site.gateway().access().emergencies();
        login(DashboardSite.ADMIN);
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("top")));
        if (id("lang").getText().equals("English")) {
            id("lang").click(); // the Chinese pages were the committee's; this screenshot is English
        }
        browser.await().until(x -> d().findElement(By.cssSelector("#nav a[data-view='overview']"))
                .getText()
                .equals("Overview"));
        go("overview");
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("em-card")));
        By raise = By.cssSelector("#em-modes button[data-em='fire'][data-action='raise']");
        browser.await().until(ExpectedConditions.elementToBeClickable(raise));
        assertThat(d().findElement(By.cssSelector("#em-modes tr[data-mode='lockdown']"))
                        .getText())
                .contains("not from the dashboard");
        String opens = api("/api/emergency").get("opensOnFire").get(0).asText();

        d().findElement(raise).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("em-confirm")));
        assertThat(id("em-question").getText()).contains("FIRE").contains(opens);
        id("em-no").click();
        browser.await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("em-confirm")));
        assertThat(emergencies.current().fire()).as("cancelled: nothing sent").isFalse();

        d().findElement(raise).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("em-yes")));
        id("em-yes").click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("em-banner")));
        assertThat(id("em-banner").getText()).contains("EMERGENCY").contains("Fire");
        assertThat(emergencies.current().fire()).isTrue();
        assertThat(emergencies
                        .current()
                        .active()
                        .get(io.courtyard.access.EmergencyMode.FIRE)
                        .source())
                .isEqualTo("operator:admin");
        shot("emergency-en");

        By clear = By.cssSelector("#em-modes button[data-em='fire'][data-action='clear']");
        browser.await().until(ExpectedConditions.elementToBeClickable(clear));
        d().findElement(clear).click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("em-yes")));
        id("em-yes").click();
        browser.await().until(ExpectedConditions.invisibilityOfElementLocated(By.id("em-banner")));
        assertThat(emergencies.current().fire()).isFalse();
        assertThat(DashboardSecurityIT.audits(site, "operator-action"))
                .anyMatch(b -> b.get("action").asText().equals("emergency-raise")
                        && b.get("user").asText().equals("admin")
                        && b.get("status").asInt() == 200)
                .anyMatch(b -> b.get("action").asText().equals("emergency-clear")
                        && b.get("user").asText().equals("admin")
                        && b.get("status").asInt() == 200);
    }

    private void usage() {
        go("usage");
        month("u-month", DashboardSite.MONTH);
        new Select(id("u-elevator")).selectByValue(DashboardSite.ELEVATOR);
        id("usage-form").submit();
        String total = Long.toString(DashboardSite.totalRides());
        browser.await().until(x -> id("u-rides").getText().equals(total));
        // What the chart draws, read from ECharts itself: rides per hour of day.
        @SuppressWarnings("unchecked")
        List<Number> byHour = (List<Number>)
                d().executeScript(
                                "return echarts.getInstanceByDom(document.getElementById('u-chart-hour')).getOption().series[0].data;");
        long[] expected = new long[24];
        DashboardSite.RIDES.forEach(r -> expected[r.hour()] += r.count());
        assertThat(byHour.stream().mapToLong(Number::longValue).toArray()).isEqualTo(expected);
        assertThat(d().findElements(By.cssSelector("#u-chart-hour canvas"))).isNotEmpty();
        assertThat(id("u-households").getText()).contains("1-1-301");
    }

    private void bill() throws Exception {
        go("bills");
        month("b-month", DashboardSite.MONTH);
        new Select(id("b-elevator")).selectByValue(DashboardSite.ELEVATOR);
        id("bill-form").submit();
        JsonNode statement = api("/api/bills?month=" + DashboardSite.MONTH + "&elevator=" + DashboardSite.ELEVATOR)
                .get("statement");
        String total = "¥" + yuan(statement.get("totalFen").asLong());
        browser.await()
                .until(x -> !d().findElements(By.id("b-total")).isEmpty()
                        && id("b-total").getText().equals(total));
        assertThat(id("b-head").getText()).contains(statement.get("hash").asText());
        for (JsonNode line : statement.get("lines")) {
            WebElement row = d().findElement(By.cssSelector(
                    "#b-lines tr[data-household='" + line.get("household").asText() + "']"));
            List<WebElement> cells = row.findElements(By.tagName("td"));
            assertThat(cells.get(cells.size() - 1).getText())
                    .as(line.get("household").asText())
                    .isEqualTo(yuan(line.get("totalFen").asLong()));
            assertThat(cells.get(6).getText()).isEqualTo(line.get("rides").asText());
        }
        browser.await()
                .until(x ->
                        id("b-compare").findElements(By.cssSelector("tbody tr")).size()
                                == statement.get("lines").size());
    }

    private void downloadCsv() throws Exception {
        id("b-csv").click();
        Path file = browser.downloads().resolve("bill-" + DashboardSite.ELEVATOR + "-" + DashboardSite.MONTH + ".csv");
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> Files.isRegularFile(file) && Files.size(file) > 0);
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode statement = api("/api/bills?month=" + DashboardSite.MONTH + "&elevator=" + DashboardSite.ELEVATOR)
                .get("statement");
        assertThat(csv).startsWith("# month=2026-10 elevator=elevator-1-1 ");
        assertThat(csv).contains("sha256=" + statement.get("hash").asText());
        String row =
                csv.lines().filter(l -> l.startsWith("1-1-301,")).findFirst().orElseThrow();
        JsonNode line = Stream.of(statement.get("lines"))
                .flatMap(n -> java.util.stream.StreamSupport.stream(n.spliterator(), false))
                .filter(n -> n.get("household").asText().equals("1-1-301"))
                .findFirst()
                .orElseThrow();
        assertThat(row).endsWith("," + yuan(line.get("totalFen").asLong()));
        assertThat(row.split(",")[6]).isEqualTo("5");
        assertThat(DashboardSecurityIT.audits(site, "operator-export"))
                .anyMatch(b -> b.get("export").asText().equals("bill-csv")
                        && b.get("user").asText().equals("wang.fang"));
    }

    private void committeeMayNotAcknowledge() throws Exception {
        String fault = api("/api/faults?open=true&device=north-gate")
                .get("faults")
                .get(0)
                .get("id")
                .asText();
        Object status = d().executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch('/api/me').then(r => r.json()).then(me => fetch('/api/faults/' + arguments[0] + '/ack',"
                                + " {method: 'POST', headers: {'X-CSRF-Token': me.csrf}})).then(r => done(r.status));",
                        fault);
        assertThat(((Number) status).intValue()).isEqualTo(403);
    }

    private void crewAcknowledges() throws Exception {
        login(DashboardSite.CREW);
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("overview")));
        assertThat(d().findElement(By.cssSelector("#nav a[data-view='bills']")).isDisplayed())
                .isFalse();
        go("faults");
        id("f-device").sendKeys("north-gate");
        id("fault-filter").submit();
        browser.await()
                .until(x -> d().findElements(By.cssSelector("#fault-table tr[data-fault]"))
                                .size()
                        == 1);
        WebElement row = d().findElement(By.cssSelector("#fault-table tr[data-fault]"));
        String fault = row.getAttribute("data-fault");
        row.click();
        browser.await().until(ExpectedConditions.visibilityOfElementLocated(By.id("fd-actions")));
        id("fd-note").sendKeys("已收到，10分钟到场");
        d().findElement(By.cssSelector("#fd-actions [data-action='ack']")).click();
        browser.await()
                .until(x -> d().findElements(By.cssSelector("#fd-timeline li[data-change='acknowledged']"))
                                .size()
                        == 1);
        assertThat(id("fd-timeline").getText()).contains("li.wei").contains("已收到，10分钟到场");
        try (Connection c = site.gateway().database().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT body FROM events WHERE type = 'fault-lifecycle' ORDER BY seq")) {
            boolean found = false;
            while (rs.next()) {
                JsonNode b = JSON.readTree(rs.getString(1));
                found |= b.path("fault").asText().equals(fault)
                        && b.path("change").asText().equals("acknowledged")
                        && b.path("by").asText().equals("li.wei");
            }
            assertThat(found)
                    .as("the journal's acknowledgement of %s by li.wei", fault)
                    .isTrue();
        }
        assertThat(DashboardSecurityIT.audits(site, "operator-action"))
                .anyMatch(b -> b.get("action").asText().equals("ack")
                        && b.get("user").asText().equals("li.wei")
                        && b.get("target").asText().equals(fault));
    }

    private void guessingIsThrottled() {
        for (int i = 0; i < 5; i++) {
            login(new DashboardSite.Login("li.wei", "wrong-" + i));
            int n = i;
            browser.await()
                    .until(x -> !id("login-error").getText().isEmpty()
                            && id("login-button").isEnabled());
            assertThat(id("login-error").getText()).as("try %d", n).isIn("用户名或密码错误。", "Wrong user or password.");
            d().executeScript("document.getElementById('login-error').textContent = '';");
        }
        login(DashboardSite.CREW);
        browser.await().until(x -> !id("login-error").getText().isEmpty());
        assertThat(id("login-error").getText()).containsAnyOf("Too many failed logins", "登录失败次数过多");
    }

    private static String yuan(long fen) {
        return String.format(Locale.ROOT, "%d.%02d", fen / 100, fen % 100);
    }
}

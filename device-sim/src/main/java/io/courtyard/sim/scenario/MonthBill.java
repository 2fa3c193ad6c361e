package io.courtyard.sim.scenario;

import io.courtyard.config.BillingConfig;
import io.courtyard.config.ConfigLoader;
import io.courtyard.config.GatewayConfig;
import io.courtyard.sim.demo.MonthBillCheck;
import io.courtyard.sim.demo.OperatorClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code month-bill}: a month of the compound fast-forwarded through a real gateway on a simulated
 * clock, then its bills checked. Unlike the other scenarios it does not run on the runner's site: the
 * month needs the demo's own process ({@code courtyard-sim demo --month}), which starts the gateway
 * on a simulated clock, plays the month through the real listeners, issues the bills and goes live.
 * This runs that process on the site file (listeners and brokers moved to free ports, state in the
 * work directory), waits for the month to be played, checks every billed elevator's usage and bill
 * ({@link MonthBillCheck}) through the operator API and {@code courtyard bill --verify}, and stops
 * the process with SIGTERM, which must end it with exit 0.
 *
 * <p>The site must be a rehearsal site ({@code site.simulation: true}: no real gateway accepts a
 * simulated clock) with billing items for the month, and the demo's access list and signing key
 * beside it ({@code acl-example.json}, {@code demo-keys/demo-acl.key}), as {@code config/demo.yaml}
 * has. Short: the month's first 2 days at a quarter of the residents' outings (about a minute);
 * long: the whole month at the demo's share.
 */
final class MonthBill {
    private static final Pattern DONE = Pattern.compile(
            "DEMO MONTH DONE: (\\d+) happenings of (\\d{4}-\\d{2}) \\((\\d+) failed, rides \\{([^}]*)\\}");
    private static final Pattern RIDES = Pattern.compile("([^=,\\s]+)=(\\d+)");

    private MonthBill() {}

    static void run(Path source, Path dir, Checks checks, boolean shortRun) throws Exception {
        GatewayConfig site = ConfigLoader.load(source);
        if (!checks.check(
                "the site rehearses on a simulated clock",
                site.site().simulation(),
                site.site().simulation()
                        ? "site.simulation: true"
                        : source + " has no site.simulation: true; a month can only be fast-forwarded on a"
                                + " rehearsal site (config/demo.yaml is one)")) {
            return;
        }
        Path base = source.toAbsolutePath().getParent();
        Path list = base.resolve("acl-example.json");
        Path key = base.resolve("demo-keys/demo-acl.key");
        PublicKey aclKey = site.acl().publicKey().orElse(null);
        boolean haveList = Files.isRegularFile(list) && Files.isRegularFile(key) && aclKey != null;
        if (!checks.check(
                "the demo's access list and key are beside the site file",
                haveList,
                haveList ? list + ", " + key : "needs " + list + ", " + key + " and acl.publicKey in the site file")) {
            return;
        }
        SiteConfig.Derived derived;
        try (FreePorts ports = new FreePorts()) {
            int upstream = ports.next();
            derived = SiteConfig.derive(source, dir, aclKey, upstream, ports, o -> {});
        }
        Path state = dir.resolve("state");
        List<String> args = new ArrayList<>(List.of(
                "demo",
                "--config",
                derived.file().toString(),
                "--state-dir",
                state.toString(),
                "--acl",
                list.toString(),
                "--acl-key",
                key.toString(),
                "--month",
                "--summary-every",
                "0",
                "--no-scenario"));
        if (shortRun) {
            args.addAll(List.of("--month-days", "2", "--month-share", "0.25"));
        }
        Path log = dir.resolve("demo.log");
        Process demo =
                GatewayProcess.java(List.of("-Xmx384m", "-XX:+UseSerialGC"), "io.courtyard.sim.SimMain", args, log);
        checks.note("demo process " + demo.pid() + " plays the month; its output goes to " + log);
        try {
            Matcher done = awaitDone(demo, log, shortRun ? Duration.ofMinutes(4) : Duration.ofMinutes(20));
            if (!checks.check(
                    "the month is played through the gateway",
                    done != null && Long.parseLong(done.group(3)) == 0,
                    done == null
                            ? "no DEMO MONTH DONE line"
                                    + (demo.isAlive() ? " in time" : ", the demo exited " + demo.exitValue()) + "; "
                                    + tail(log)
                            : done.group(1) + " happenings of " + done.group(2) + ", " + done.group(3) + " failed")) {
                return;
            }
            YearMonth month = YearMonth.parse(done.group(2));
            Map<String, Long> played = new LinkedHashMap<>();
            Matcher r = RIDES.matcher(done.group(4));
            while (r.find()) {
                played.put(r.group(1), Long.parseLong(r.group(2)));
            }
            GatewayConfig cfg = derived.config();
            OperatorClient api = new OperatorClient(cfg.listeners().http().port(), state);
            List<String> billed = cfg.billing().items().stream()
                    .filter(i -> i.month().equals(month))
                    .map(BillingConfig.CostItem::elevator)
                    .distinct()
                    .toList();
            checks.check(
                    "the site bills an elevator for the month",
                    !billed.isEmpty(),
                    billed.isEmpty() ? "no billing item for " + month : String.join(", ", billed));
            for (String elevator : billed) {
                long rides = played.getOrDefault(elevator, -1L);
                long recorded = api.get("/api/usage?month=" + month + "&elevator=" + OperatorClient.enc(elevator))
                        .path("elevators")
                        .path(0)
                        .path("rides")
                        .asLong(-1);
                checks.check(
                        elevator + ": the gateway recorded every ride played",
                        rides > 0 && recorded == rides,
                        rides + " played, " + recorded + " in the usage report");
                for (MonthBillCheck.Check c : MonthBillCheck.run(api, derived.file(), state, month, elevator, rides)) {
                    checks.check(elevator + ": " + c.name(), c.passed(), c.detail());
                }
            }
        } finally {
            demo.destroy();
            boolean ended = demo.waitFor(60, TimeUnit.SECONDS);
            checks.check(
                    "SIGTERM stops the demo cleanly",
                    ended && demo.exitValue() == 0,
                    ended ? "exit " + demo.exitValue() : "still running after 60 s (killed)");
            if (!ended) {
                demo.destroyForcibly();
                demo.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The DEMO MONTH DONE line once the log has it; null if the process ends or the time runs out first. */
    private static Matcher awaitDone(Process demo, Path log, Duration limit) throws IOException, InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < end) {
            if (Files.exists(log)) {
                Matcher m = DONE.matcher(Files.readString(log, StandardCharsets.UTF_8));
                if (m.find()) {
                    return m;
                }
            }
            if (!demo.isAlive()) {
                return null;
            }
            Thread.sleep(250);
        }
        return null;
    }

    private static String tail(Path log) throws IOException {
        return Files.exists(log) ? "last lines: " + GatewayProcess.tail(log, 5).replace("\n", " | ") : "no output";
    }
}

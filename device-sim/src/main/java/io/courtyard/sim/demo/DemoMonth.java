package io.courtyard.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.courtyard.acl.AclUpdater;
import io.courtyard.acl.Keys;
import io.courtyard.config.BillingConfig.CostItem;
import io.courtyard.config.GatewayConfig;
import io.courtyard.ops.Gateway;
import io.courtyard.runtime.SimulatedClock;
import io.courtyard.sim.compound.Compound;
import io.courtyard.sim.compound.CompoundList;
import io.courtyard.sim.compound.MonthPlan;
import io.courtyard.sim.compound.MonthPlayer;
import io.courtyard.sim.compound.PlanSettings;
import io.courtyard.sim.compound.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's {@code --month}: the compound's month, played through the real gateway on a simulated
 * clock before the demo goes live. Its residents, staff, crews and passes come in as one signed access
 * list (the example list plus the compound, signed with the demo key); afterwards the committee issues
 * each billed elevator's statement, the clock hands over to the system clock, and a marker in the state
 * directory keeps the month from being played twice into the same journal.
 */
final class DemoMonth {
    private static final Logger log = LoggerFactory.getLogger("month");
    /** The clock starts a little before the month, so the list and the monitors are in before its first minute. */
    private static final Duration LEAD = Duration.ofMinutes(10);

    private final GatewayConfig config;
    private final Path stateDir;
    private final JsonNode baseList;
    private final Path key;
    private final Compound compound;
    private final MonthPlan plan;

    /** @param days the month's first days only (a short rehearsal), or 0 for all of it */
    DemoMonth(
            GatewayConfig config,
            Path stateDir,
            YearMonth month,
            int days,
            double intensity,
            long seed,
            Path baseList,
            Path key)
            throws IOException {
        this.config = config;
        this.stateDir = stateDir;
        this.baseList = CompoundList.base(Files.readAllBytes(baseList));
        this.key = key;
        this.compound = Compound.of(config, seed);
        // A smaller month keeps one visitor and one delivery a workday (two and none on days off): each is a
        // pair of camera pushes answered only once durable, the dearest happenings to play.
        PlanSettings settings = new PlanSettings(
                seed,
                intensity,
                intensity < 1 ? 1 : 3,
                intensity < 1 ? 1 : 4,
                3,
                1,
                holidays(this.baseList),
                workdays(this.baseList));
        MonthPlan whole = MonthPlan.of(compound, month, config.site().timeZone(), settings);
        this.plan = days <= 0 ? whole : whole.firstDays(days);
    }

    /** The public holidays of the base list's calendar. */
    private static Set<LocalDate> holidays(JsonNode list) {
        Set<LocalDate> out = new HashSet<>();
        list.path("entries").path("calendar").path("holidays").forEach(d -> out.add(LocalDate.parse(d.asText())));
        return out;
    }

    /** The weekend days worked instead (调休) of the base list's calendar. */
    private static Map<LocalDate, String> workdays(JsonNode list) {
        Map<LocalDate, String> out = new HashMap<>();
        list.path("entries")
                .path("calendar")
                .path("workdays")
                .fields()
                .forEachRemaining(
                        e -> out.put(LocalDate.parse(e.getKey()), e.getValue().asText()));
        return out;
    }

    MonthPlan plan() {
        return plan;
    }

    Compound compound() {
        return compound;
    }

    private Path marker() {
        return stateDir.resolve("month-" + plan.month() + ".played");
    }

    /** Whether this state directory's journal already holds the month. */
    boolean played() {
        return Files.exists(marker());
    }

    /** The gateway's clock for the month: at the month's start (less a few minutes), at real time between jumps. */
    SimulatedClock clock() {
        return SimulatedClock.startingAt(plan.start().minus(LEAD), 1);
    }

    /** The compound's signed list, applied through the gateway's updater exactly as an imported list. */
    void applyList(Gateway gateway) throws IOException {
        long version = Math.max(1, gateway.access().snapshot().version()) + 1;
        String zone = config.devices().parkingZones().isEmpty()
                ? "none"
                : config.devices().parkingZones().get(0).id();
        var payload = CompoundList.payload(
                baseList, compound, plan.passes(), zone, version, plan.start().minus(Duration.ofDays(1)));
        PrivateKey k = Keys.readPrivate(key);
        Path pub = key.resolveSibling(key.getFileName().toString().replaceFirst("\\.key$", ".pub"));
        String keyId = Files.isRegularFile(pub) ? Keys.keyId(Keys.readPublic(pub)) : null;
        AclUpdater.Result r =
                gateway.acl().updater().apply(CompoundList.signed(payload, k, keyId), "demo-month:" + plan.month());
        if (r.outcome() == AclUpdater.Outcome.REFUSED) {
            throw new IllegalStateException(
                    "the compound's access list was refused (" + r.refusal().tag() + "): " + r.detail());
        }
        log.info(
                "month: {} residents, {} staff and crews, {} permits, {} passes: access list version {} in force",
                compound.residents().size(),
                compound.staff().size() + compound.crew().size(),
                compound.plates().size(),
                plan.passes().size(),
                r.version());
    }

    MonthPlayer.Result play(Stage stage, SimulatedClock clock) throws InterruptedException {
        log.info(
                "month: playing {} of {} ({} happenings) through the gateway's listeners on a simulated clock",
                plan.month(),
                config.site().id(),
                plan.happenings().size());
        try (MonthPlayer player = new MonthPlayer(plan, stage, clock)) {
            return player.play();
        }
    }

    /** The committee issues the month's statement of every elevator with cost items that month. */
    List<String> issueBills(OperatorClient api) throws IOException, InterruptedException {
        List<String> elevators = config.billing().items().stream()
                .filter(i -> i.month().equals(plan.month()))
                .map(CostItem::elevator)
                .distinct()
                .toList();
        for (String e : elevators) {
            JsonNode r = api.post("/api/bills/issue?month=" + plan.month() + "&elevator=" + OperatorClient.enc(e));
            log.info(
                    "month: bill for {} {} issued, sha256 {}",
                    e,
                    plan.month(),
                    r.path("hash").asText());
        }
        return elevators;
    }

    /** The month is in the journal: the clock follows the system's from now on; the marker remembers. */
    void finish(SimulatedClock clock, MonthPlayer.Result result) throws IOException {
        clock.goLive();
        Files.writeString(
                marker(),
                String.format(
                        Locale.ROOT,
                        "%s played: %d happenings, %d failed, in %d ms%n",
                        plan.month(),
                        result.played(),
                        result.failures().size(),
                        result.took().toMillis()),
                StandardCharsets.UTF_8);
    }
}

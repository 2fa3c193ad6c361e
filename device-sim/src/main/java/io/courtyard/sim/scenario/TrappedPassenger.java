package io.courtyard.sim.scenario;

import io.courtyard.config.DevicesConfig.Monitor;
import io.courtyard.sim.monitor.MonitorEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A monitor reports passengers trapped between floors: after its debounce the gateway raises the
 * safety alarm upstream and opens a critical trapped-passenger fault with the rescue clock (target
 * set to the gateway's minimum, 1 min, for the run). Nobody comes: exactly one {@code rescue-overdue}
 * alarm, on the {@code alarm} topic, once the target has passed. When a second elevator is
 * monitored, its passengers are trapped at the same moment and a crew acknowledges and arrives
 * through {@code courtyard faults}: no overdue alarm for that one. Freed, the alarm clears.
 */
final class TrappedPassenger implements Scenario {
    private static final Duration TARGET = Duration.ofMinutes(1);
    /** The gateway's rescue watch looks every 5 s. */
    private static final Duration WATCH = Duration.ofSeconds(5);

    @Override
    public void tune(SiteConfig.Overrides overrides) {
        overrides.rescueTarget("1m").debounce("trapped-between-floors", "2s").debounce("trapped-at-floor", "2s");
    }

    @Override
    public void run(Site site, Checks checks, boolean shortRun) throws Exception {
        List<Monitor> monitors = site.config().devices().monitors();
        if (monitors.isEmpty()) {
            throw new IllegalStateException("the site configures no elevator monitor");
        }
        String lonely = monitors.get(0).elevator();
        Optional<String> rescued =
                monitors.stream().skip(1).map(Monitor::elevator).findFirst();
        long mark = site.journal().lastSeq();
        // Freed a little after the target: the watch looks at least once more between the overdue alarm and the
        // release, which is when a second alarm for the same fault would come.
        Duration hold = TARGET.plus(WATCH.multipliedBy(2)).plusSeconds(2);
        emulator(site, lonely).trapPassengers(true, hold);
        rescued.ifPresent(e -> emulator(site, e).trapPassengers(true, hold));

        JournalFile.Event fault = raised(site, checks, mark, lonely);
        if (fault == null) {
            return;
        }
        String id = fault.text("fault");
        Optional<String> crewFault = Optional.empty();
        if (rescued.isPresent()) {
            JournalFile.Event other = raised(site, checks, mark, rescued.get());
            if (other != null) {
                crewFault = Optional.of(other.text("fault"));
                crew(site, checks, other.text("fault"));
            }
        }
        Instant raisedAt = Instant.parse(fault.text("raisedAt"));
        Optional<UpstreamRecorder.Arrival> overdue =
                site.upstream().await(a -> isOverdue(a, id), TARGET.plus(WATCH.multipliedBy(4)));
        long afterMs =
                overdue.map(a -> Duration.between(raisedAt, a.at()).toMillis()).orElse(-1L);
        checks.check(
                "rescue-overdue for " + id + " on the alarm topic once the 1 min target passed",
                overdue.isPresent()
                        && overdue.get().topic().endsWith("/alarm")
                        && afterMs >= TARGET.toMillis()
                        && afterMs <= TARGET.plus(WATCH.multipliedBy(3)).toMillis(),
                overdue.map(a -> "after " + afterMs + " ms on " + a.topic()).orElse("none arrived"));
        Optional<UpstreamRecorder.Arrival> cleared = site.upstream()
                .await(
                        a -> "cleared".equals(a.event().path("state").asText())
                                && a.event().has("alarm")
                                && lonely.equals(a.event().path("elevator").asText()),
                        Duration.ofSeconds(30));
        checks.check(
                "passenger alarm of " + lonely + " cleared once freed",
                cleared.isPresent(),
                cleared.map(a -> "after " + a.event().path("durationMs").asLong() + " ms")
                        .orElse("not cleared"));
        long count = site.upstream().arrivals().stream()
                .filter(a -> isOverdue(a, id))
                .map(UpstreamRecorder.Arrival::id)
                .distinct()
                .count();
        checks.equal("one overdue alarm per fault", 1L, count);
        if (crewFault.isPresent()) {
            String cf = crewFault.get();
            long late = site.upstream().arrivals().stream()
                    .filter(a -> isOverdue(a, cf))
                    .count();
            checks.equal("no overdue alarm for " + cf + ", whose crew arrived in time", 0L, late);
        }
    }

    private static MonitorEmulator emulator(Site site, String elevator) {
        return site.monitors()
                .of(elevator)
                .orElseThrow(() -> new IllegalStateException("no monitor emulator for " + elevator));
    }

    /** The alarm upstream and the critical fault with its rescue target; null when the fault never opened. */
    private static JournalFile.Event raised(Site site, Checks checks, long mark, String elevator) throws Exception {
        Optional<UpstreamRecorder.Arrival> alarm = site.upstream()
                .await(
                        a -> a.topic().endsWith("/alarm")
                                && "raised".equals(a.event().path("state").asText())
                                && a.event().has("alarm")
                                && elevator.equals(a.event().path("elevator").asText()),
                        Duration.ofSeconds(20));
        checks.check(
                "trapped-passenger alarm of " + elevator + " raised upstream",
                alarm.isPresent(),
                alarm.map(a -> a.event().path("alarm").asText() + " "
                                + a.event().path("fault").asText())
                        .orElse("none within 20 s"));
        Optional<JournalFile.Event> fault = site.journal()
                .await(
                        mark,
                        e -> "raised".equals(e.text("change"))
                                && elevator.equals(e.text("elevator"))
                                && e.body().has("rescueTargetMs"),
                        Duration.ofSeconds(20));
        checks.check(
                "critical fault with a 1 min rescue clock opened for " + elevator,
                fault.isPresent()
                        && "critical".equals(fault.get().text("severity"))
                        && "open".equals(fault.get().text("state"))
                        && fault.get().body().path("rescueTargetMs").asLong() == TARGET.toMillis(),
                fault.map(f -> f.text("fault") + " " + f.text("type") + " " + f.text("severity") + " target "
                                + f.body().path("rescueTargetMs").asLong() + " ms")
                        .orElse("no fault opened within 20 s"));
        return fault.orElse(null);
    }

    /** The crew's acknowledgement and arrival, through the command line a dispatcher uses. */
    private static void crew(Site site, Checks checks, String fault) throws Exception {
        long mark = site.journal().lastSeq();
        for (String step : List.of("ack", "arrive")) {
            GatewayProcess.CommandResult r = site.gateway()
                    .command(List.of("faults", step, fault, "--by", "crew-scenario", "--note", "scenario"));
            checks.check(
                    "courtyard faults " + step + " " + fault,
                    r.exit() == 0,
                    "exit " + r.exit() + (r.exit() == 0 ? "" : ": " + r.output().strip()));
        }
    }

    private static boolean isOverdue(UpstreamRecorder.Arrival a, String fault) {
        return "rescue-overdue".equals(a.event().path("change").asText())
                && fault.equals(a.event().path("fault").asText());
    }
}

package io.courtyard.dashboard;

import io.courtyard.billing.BillingException;
import io.courtyard.billing.Bills;
import io.courtyard.config.GatewayConfig;
import io.courtyard.faults.Fault;
import io.courtyard.faults.FaultQueries;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.usage.UsageQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * One elevator's month for the committee's notice board: availability, rides, faults and rescues
 * against the target, and the statement (costs by item, each household's bill, the hash).
 *
 * @param rescuesInTime trapped-passenger faults whose crew arrived within the target
 * @param meanToArrive over the month's faults a crew arrived at; null when none
 * @param meanToRepair over the month's cleared faults; null when none
 */
public record MonthlyReport(
        String site,
        String siteName,
        YearMonth month,
        String elevator,
        double availability,
        long rides,
        long floorsTravelled,
        int faults,
        int rescues,
        int rescuesInTime,
        Duration rescueTarget,
        Duration meanToArrive,
        Duration meanToRepair,
        BillIssued bill) {

    /** The faults of one month looked at; a compound with more in a month for one car has other problems. */
    private static final int MAX_FAULTS = 1000;

    public static MonthlyReport of(Connection c, GatewayConfig config, Bills bills, YearMonth month, String elevator)
            throws SQLException, BillingException {
        ZoneId zone = config.site().timeZone();
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        BillIssued bill = bills.statement(c, month, elevator);
        UsageQueries.ElevatorMonth usage =
                UsageQueries.elevatorMonth(c, config.site().id(), zone, month, elevator);
        FaultQueries.Filter range = new FaultQueries.Filter(null, null, null, null, from, to, false);
        List<Fault> mine = new ArrayList<>();
        for (Fault f : FaultQueries.list(c, range, 0, MAX_FAULTS).faults()) {
            if (elevator.equals(f.elevator())) {
                mine.add(f);
            }
        }
        int rescues = 0;
        int inTime = 0;
        List<Duration> arrive = new ArrayList<>();
        List<Duration> repair = new ArrayList<>();
        for (Fault f : mine) {
            if (f.rescueTargetMs() != null) {
                rescues++;
                if (f.arrivedAt() != null && !f.overdue()) {
                    inTime++;
                }
            }
            if (f.arrivedAt() != null) {
                arrive.add(Duration.between(f.raisedAt(), f.arrivedAt()));
            }
            if (f.clearedAt() != null) {
                repair.add(Duration.between(f.raisedAt(), f.clearedAt()));
            }
        }
        return new MonthlyReport(
                config.site().id(),
                config.site().name(),
                month,
                elevator,
                FaultQueries.availability(c, elevator, from, to),
                usage.rides(),
                usage.floorsTravelled(),
                mine.size(),
                rescues,
                inTime,
                config.faults().rescueTarget(),
                mean(arrive),
                mean(repair),
                bill);
    }

    private static Duration mean(List<Duration> ds) {
        return ds.isEmpty()
                ? null
                : ds.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(ds.size());
    }
}

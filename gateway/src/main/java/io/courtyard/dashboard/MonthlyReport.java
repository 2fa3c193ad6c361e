package io.courtyard.dashboard;

import io.courtyard.billing.BillingException;
import io.courtyard.billing.Bills;
import io.courtyard.config.GatewayConfig;
import io.courtyard.faults.ElevatorFaults;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.usage.UsageQueries;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

/**
 * One elevator's month for the committee's notice board: availability, rides, faults and rescues
 * against the target, and the statement (costs by item, each household's bill, the hash).
 *
 * @param rescuesInTime trapped-passenger faults whose crew arrived within the target
 * @param meanToArrive over the month's faults a crew arrived at; null when none
 * @param meanToRepair over the month's faults cleared as repairs; null when none
 *     ({@link ElevatorFaults}: the fault log's figures per elevator)
 */
public record MonthlyReport(
        String site,
        String siteName,
        YearMonth month,
        String elevator,
        double availability,
        long rides,
        long floorsTravelled,
        long faults,
        long rescues,
        long rescuesInTime,
        Duration rescueTarget,
        Duration meanToArrive,
        Duration meanToRepair,
        BillIssued bill) {

    public static MonthlyReport of(Connection c, GatewayConfig config, Bills bills, YearMonth month, String elevator)
            throws SQLException, BillingException {
        ZoneId zone = config.site().timeZone();
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        BillIssued bill = bills.statement(c, month, elevator);
        UsageQueries.ElevatorMonth usage =
                UsageQueries.elevatorMonth(c, config.site().id(), zone, month, elevator);
        // Every fault of the month counted by the database, as the fault log's figures per elevator.
        ElevatorFaults f = ElevatorFaults.of(c, List.of(elevator), from, to).get(0);
        return new MonthlyReport(
                config.site().id(),
                config.site().name(),
                month,
                elevator,
                f.availability(),
                usage.rides(),
                usage.floorsTravelled(),
                f.faults(),
                f.rescues(),
                f.rescuesInTime(),
                config.faults().rescueTarget(),
                f.meanToArrive(),
                f.meanToRepair(),
                bill);
    }
}

package io.courtyard.billing;

import io.courtyard.config.BillingConfig;
import io.courtyard.config.BillingConfig.CostItem;
import io.courtyard.config.BillingConfig.SplitModel;
import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.GatewayConfig;
import io.courtyard.config.SiteConfig.Household;
import io.courtyard.journal.JournalReader;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.EventType;
import io.courtyard.usage.UsageProjection;
import io.courtyard.usage.UsageQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Statements from the configuration and the usage tables: what {@code courtyard bill} and the API
 * print, what is journaled when a bill is issued, and the issued bills to compare against.
 */
public final class Bills {
    private final GatewayConfig config;

    public Bills(GatewayConfig config) {
        this.config = config;
    }

    /** An issued bill as the journal holds it. */
    public record Issued(long seq, String hash, BillIssued bill) {
        /** Whether the journaled body still hashes to its hash. */
        public boolean intact() {
            return StatementHash.verifies(bill) && bill.hash().equals(hash);
        }
    }

    /** The statement of {@code elevator} for {@code month}, from the rides in the usage tables. */
    public BillIssued statement(Connection c, YearMonth month, String elevator) throws BillingException, SQLException {
        return statement(c, month, elevator, config.billing());
    }

    private BillIssued statement(Connection c, YearMonth month, String elevator, BillingConfig rules)
            throws BillingException, SQLException {
        Elevator e = elevator(elevator);
        List<Household> households = config.site()
                .unit(e.building(), e.unit())
                .map(u -> u.households())
                .orElse(List.of());
        Map<String, Usage> usage = new HashMap<>();
        UsageQueries.elevatorMonth(c, config.site().id(), config.site().timeZone(), month, elevator)
                .byHousehold()
                .forEach((h, r) -> usage.put(h, new Usage(r.rides(), r.floorsTravelled())));
        return new BillCalculator(rules)
                .compute(new BillCalculator.Request(
                        month, elevator, e.building(), e.unit(), households, rules.items(), usage));
    }

    /**
     * What each household would pay if the month's whole cost were split by each model, for the
     * committee's vote: household → model → fen (minimum and cap applied).
     */
    public Map<String, Map<SplitModel, Long>> compare(Connection c, YearMonth month, String elevator)
            throws BillingException, SQLException {
        long total = config.billing().items().stream()
                .filter(i -> i.month().equals(month) && i.elevator().equals(elevator))
                .mapToLong(CostItem::amountFen)
                .sum();
        Map<String, Map<SplitModel, Long>> out = new LinkedHashMap<>();
        for (SplitModel m : SplitModel.values()) {
            BillingConfig one = config.billing().withItems(List.of(new CostItem(month, elevator, "all", total, m)));
            for (BillIssued.Line l : statement(c, month, elevator, one).lines()) {
                out.computeIfAbsent(l.household(), k -> new LinkedHashMap<>()).put(m, l.totalFen());
            }
        }
        return out;
    }

    /**
     * Every bill issued for {@code elevator} and {@code month}, oldest first: the usage tables' copy
     * and those the projection has not reached yet, read from the journal.
     */
    public List<Issued> issued(Connection c, YearMonth month, String elevator) throws SQLException {
        List<Issued> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, hash, body FROM bill_statements WHERE month = ? AND elevator = ? ORDER BY seq")) {
            ps.setString(1, month.toString());
            ps.setString(2, elevator);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (EventCodec.decode(EventKind.BILL, EventType.BILL_ISSUED.wire(), rs.getString(3))
                            instanceof BillIssued b) {
                        out.add(new Issued(rs.getLong(1), rs.getString(2), b));
                    }
                }
            }
        }
        JournalReader.unacknowledged(c, config.site().id(), UsageProjection.SINK, je -> {
            if (je.event() instanceof BillIssued b
                    && b.month().equals(month.toString())
                    && b.elevator().equals(elevator)) {
                out.add(new Issued(je.seq(), b.hash(), b));
            }
        });
        return out;
    }

    /** The last bill issued, if any. */
    public Optional<Issued> lastIssued(Connection c, YearMonth month, String elevator) throws SQLException {
        List<Issued> all = issued(c, month, elevator);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    private Elevator elevator(String id) throws BillingException {
        for (Elevator e : config.devices().elevators()) {
            if (e.id().equals(id)) {
                return e;
            }
        }
        List<String> ids =
                config.devices().elevators().stream().map(Elevator::id).toList();
        throw new BillingException("no elevator '" + id + "'; configured: " + ids);
    }
}

package io.courtyard.billing;

import io.courtyard.config.BillingConfig;
import io.courtyard.config.BillingConfig.CostItem;
import io.courtyard.config.BillingConfig.SplitModel;
import io.courtyard.config.SiteConfig.Household;
import io.courtyard.journal.event.BillIssued;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Computes one elevator's statement for one month: each cost item split over the unit's households
 * by its model and rounded to fen by {@link Apportion}, then the minimum and the cap applied to the
 * households' subtotals, then the statement hashed ({@link StatementHash}).
 */
public final class BillCalculator {
    private final BillingConfig rules;

    public BillCalculator(BillingConfig rules) {
        this.rules = rules;
    }

    /** The elevator's unit and the cost items to split; {@code usage} by household id (missing: no rides). */
    public record Request(
            YearMonth month,
            String elevator,
            String building,
            String unit,
            List<Household> households,
            List<CostItem> items,
            Map<String, Usage> usage) {}

    /**
     * @throws BillingException when the statement cannot be made: no households, no items, or a
     *     minimum or cap that the total cannot meet
     */
    public BillIssued compute(Request r) throws BillingException {
        List<Household> hs = new ArrayList<>(r.households());
        hs.sort(Comparator.comparing(Household::id));
        if (hs.isEmpty()) {
            throw new BillingException(
                    r.elevator() + ": its unit " + r.building() + "-" + r.unit() + " has no households");
        }
        List<CostItem> items = r.items().stream()
                .filter(i -> i.month().equals(r.month()) && i.elevator().equals(r.elevator()))
                .sorted(Comparator.comparing(CostItem::item))
                .toList();
        if (items.isEmpty()) {
            throw new BillingException(r.elevator() + ": no cost items for " + r.month());
        }
        if (hs.stream().allMatch(h -> rules.exempt().contains(h.id()))) {
            throw new BillingException(r.elevator() + ": every household of its unit is exempt; nobody can pay");
        }
        List<String> ids = hs.stream().map(Household::id).toList();
        int n = hs.size();
        long[][] itemFen = new long[items.size()][];
        String[][] shares = new String[items.size()][];
        List<BillIssued.Item> billItems = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            CostItem item = items.get(k);
            Split s = weights(item.model(), hs, r.usage());
            itemFen[k] = item.amountFen() == 0 ? new long[n] : Apportion.split(item.amountFen(), ids, s.weights());
            shares[k] = shares(s.weights());
            billItems.add(new BillIssued.Item(item.item(), item.model(), s.basis(), item.amountFen()));
        }
        long total = items.stream().mapToLong(CostItem::amountFen).sum();
        long[] subtotal = new long[n];
        for (long[] col : itemFen) {
            for (int i = 0; i < n; i++) {
                subtotal[i] += col[i];
            }
        }
        boolean[] exempt = new boolean[n];
        for (int i = 0; i < n; i++) {
            exempt[i] = rules.exempt().contains(ids.get(i));
        }
        long[] finals = Limits.apply(
                total, subtotal, exempt, ids, rules.minimumFen(), rules.capFen().orElse(null));
        List<BillIssued.Line> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Household h = hs.get(i);
            Usage u = r.usage().getOrDefault(h.id(), Usage.NONE);
            List<String> lineShares = new ArrayList<>();
            List<Integer> lineFen = new ArrayList<>();
            for (int k = 0; k < items.size(); k++) {
                lineShares.add(shares[k][i]);
                lineFen.add(Math.toIntExact(itemFen[k][i]));
            }
            lines.add(new BillIssued.Line(
                    h.id(),
                    h.floor(),
                    Weights.area(h).toPlainString(),
                    Weights.coefficient(rules, h).toPlainString(),
                    exempt[i],
                    rules.vacant().contains(h.id()),
                    u.rides(),
                    u.floorsTravelled(),
                    lineShares,
                    lineFen,
                    subtotal[i],
                    finals[i] - subtotal[i],
                    finals[i]));
        }
        BillIssued unsigned = new BillIssued(
                r.month().toString(),
                r.elevator(),
                r.building(),
                r.unit(),
                total,
                rules.hybridFixedWeight().setScale(4, RoundingMode.UNNECESSARY).toPlainString(),
                rules.vacantFactor().setScale(4, RoundingMode.UNNECESSARY).toPlainString(),
                rules.minimumFen(),
                rules.capFen().orElse(null),
                billItems,
                lines,
                null);
        return unsigned.signed(StatementHash.of(unsigned));
    }

    record Split(String basis, List<BigInteger> weights) {}

    /** The weights of {@code model}; falls back to coefficient × area, then to equal parts, when all are 0. */
    Split weights(SplitModel model, List<Household> hs, Map<String, Usage> usage) {
        List<BigInteger> cw =
                hs.stream().map(h -> Weights.coefficientArea(rules, h)).toList();
        BigInteger sumCw = cw.stream().reduce(BigInteger.ZERO, BigInteger::add);
        List<Long> rides = new ArrayList<>();
        List<Long> floors = new ArrayList<>();
        for (Household h : hs) {
            boolean exempt = rules.exempt().contains(h.id());
            Usage u = usage.getOrDefault(h.id(), Usage.NONE);
            rides.add(exempt ? 0 : u.rides());
            floors.add(exempt ? 0 : u.floorsTravelled());
        }
        long sumRides = rides.stream().mapToLong(Long::longValue).sum();
        List<BigInteger> w =
                switch (model) {
                    case COEFFICIENT -> cw;
                    case RIDES -> rides.stream().map(BigInteger::valueOf).toList();
                    case FLOORS -> floors.stream().map(BigInteger::valueOf).toList();
                    case HYBRID -> {
                        List<BigInteger> out = new ArrayList<>();
                        for (int i = 0; i < hs.size(); i++) {
                            out.add(Weights.hybrid(
                                    rules.hybridFixedWeight(), cw.get(i), sumCw, rides.get(i), sumRides));
                        }
                        yield out;
                    }
                };
        String basis = model.name().toLowerCase(java.util.Locale.ROOT);
        if (w.stream().allMatch(x -> x.signum() == 0)) {
            if (sumCw.signum() > 0) {
                return new Split("coefficient", cw);
            }
            List<BigInteger> equal = hs.stream()
                    .map(h -> rules.exempt().contains(h.id()) ? BigInteger.ZERO : BigInteger.ONE)
                    .toList();
            return new Split("equal", equal);
        }
        return new Split(basis, w);
    }

    private static String[] shares(List<BigInteger> weights) {
        BigInteger sum = weights.stream().reduce(BigInteger.ZERO, BigInteger::add);
        String[] out = new String[weights.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = sum.signum() == 0
                    ? "0.00000000"
                    : new BigDecimal(weights.get(i))
                            .divide(new BigDecimal(sum), 8, RoundingMode.HALF_EVEN)
                            .toPlainString();
        }
        return out;
    }
}

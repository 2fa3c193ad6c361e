package io.courtyard.billing;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.BillingConfig;
import io.courtyard.config.BillingConfig.CostItem;
import io.courtyard.config.BillingConfig.SplitModel;
import io.courtyard.config.SiteConfig.Household;
import io.courtyard.journal.event.BillIssued;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

/** Rounding over random inputs: parts always sum to the total and stay within a fen of the exact share. */
class ApportionProperties {

    @Property(tries = 2000)
    void partsSumToTheTotalAndEachIsTheExactShareRoundedDownOrUp(
            @ForAll @LongRange(min = 0, max = 1_000_000_000L) long total,
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 1_000_000) Integer> raw) {
        List<BigInteger> weights = raw.stream().map(BigInteger::valueOf).toList();
        if (weights.stream().allMatch(w -> w.signum() == 0)) {
            weights = new ArrayList<>(weights);
            weights.set(0, BigInteger.ONE);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            ids.add("h-" + (1000 - i));
        }
        long[] parts = Apportion.split(total, ids, weights);
        BigInteger sum = weights.stream().reduce(BigInteger.ZERO, BigInteger::add);
        long given = 0;
        for (int i = 0; i < parts.length; i++) {
            BigInteger exactFloor =
                    BigInteger.valueOf(total).multiply(weights.get(i)).divide(sum);
            assertThat(parts[i] - exactFloor.longValueExact()).isBetween(0L, 1L);
            given += parts[i];
        }
        assertThat(given).isEqualTo(total);
    }

    @Property(tries = 500)
    void statementsOfRandomUnitsAddUpPerItemAndInTotalWithinTheLimits(@ForAll("units") Scenario s) throws Exception {
        BillIssued b;
        try {
            b = new BillCalculator(s.rules())
                    .compute(new BillCalculator.Request(
                            BillCalculatorTest.OCT, "elevator-1-1", "1", "1", s.households(), s.items(), s.usage()));
        } catch (BillingException e) {
            // Only a minimum or cap the total cannot meet is refused.
            assertThat(e.getMessage()).containsAnyOf("minimum", "cap", "exempt");
            return;
        }
        long total = s.items().stream().mapToLong(CostItem::amountFen).sum();
        assertThat(b.lines().stream().mapToLong(BillIssued.Line::totalFen).sum())
                .isEqualTo(total);
        assertThat(b.lines().stream().mapToLong(BillIssued.Line::adjustmentFen).sum())
                .isZero();
        for (int k = 0; k < s.items().size(); k++) {
            int col = k;
            assertThat(b.lines().stream().mapToLong(l -> l.itemFen().get(col)).sum())
                    .isEqualTo(b.items().get(k).amountFen());
        }
        for (BillIssued.Line l : b.lines()) {
            if (l.exempt()) {
                assertThat(l.totalFen()).isZero();
            } else {
                assertThat(l.totalFen()).isGreaterThanOrEqualTo(s.rules().minimumFen());
                s.rules().capFen().ifPresent(cap -> assertThat(l.totalFen()).isLessThanOrEqualTo(cap));
            }
        }
        assertThat(StatementHash.verifies(b)).isTrue();
    }

    record Scenario(BillingConfig rules, List<Household> households, List<CostItem> items, Map<String, Usage> usage) {}

    @Provide
    Arbitrary<Scenario> units() {
        Arbitrary<Integer> size = Arbitraries.integers().between(1, 30);
        Arbitrary<Long> seed = Arbitraries.longs();
        return Combinators.combine(size, seed).as((n, sd) -> scenario(n, new java.util.Random(sd)));
    }

    private static Scenario scenario(int n, java.util.Random rnd) {
        List<Household> hs = new ArrayList<>();
        Map<String, Usage> usage = new HashMap<>();
        Set<String> exempt = new HashSet<>();
        Set<String> vacant = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int floor = 1 + rnd.nextInt(9);
            String id = "1-1-" + floor + String.format(java.util.Locale.ROOT, "%02d", i);
            hs.add(new Household(id, "1", "1", floor, id.substring(4), 40 + rnd.nextInt(9000) / 100.0));
            int rides = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(200);
            usage.put(id, new Usage(rides, (long) rides * Math.max(0, floor - 1)));
            int r = rnd.nextInt(10);
            if (r == 0) {
                exempt.add(id);
            } else if (r == 1) {
                vacant.add(id);
            }
        }
        List<CostItem> items = new ArrayList<>();
        int k = 1 + rnd.nextInt(4);
        for (int i = 0; i < k; i++) {
            items.add(new CostItem(
                    BillCalculatorTest.OCT,
                    "elevator-1-1",
                    "item-" + i,
                    rnd.nextInt(3_000_000),
                    SplitModel.values()[rnd.nextInt(SplitModel.values().length)]));
        }
        long min = rnd.nextBoolean() ? 0 : rnd.nextInt(5_000);
        Optional<Long> cap = rnd.nextBoolean() ? Optional.empty() : Optional.of(min + rnd.nextInt(2_000_000));
        BillingConfig rules = new BillingConfig(
                BillingConfig.DEFAULTS.coefficients(),
                new BigDecimal(rnd.nextInt(10_001)).movePointLeft(4),
                exempt,
                vacant,
                new BigDecimal(rnd.nextInt(10_001)).movePointLeft(4),
                min,
                cap,
                List.of());
        return new Scenario(rules, hs, items, usage);
    }
}

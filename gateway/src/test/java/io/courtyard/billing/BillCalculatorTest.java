package io.courtyard.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.config.BillingConfig;
import io.courtyard.config.BillingConfig.CostItem;
import io.courtyard.config.BillingConfig.SplitModel;
import io.courtyard.config.SiteConfig.Household;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventKind;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Statements worked out by hand (the arithmetic is in each test's comment): one per model, exempt
 * and vacant flats, a household without rides, the minimum, the cap, ties, and the hash.
 */
class BillCalculatorTest {
    static final YearMonth OCT = YearMonth.of(2026, 10);
    static final List<Household> UNIT = List.of(
            household("1-1-101", 1, 80.0),
            household("1-1-301", 3, 100.0),
            household("1-1-601", 6, 100.0),
            household("1-1-901", 9, 80.0));
    /** 101: 5 rides to the lobby; 301: 10 to 3F; 601: 20 to 6F; 901: 15 to 9F. */
    static final Map<String, Usage> USAGE = Map.of(
            "1-1-101", new Usage(5, 0),
            "1-1-301", new Usage(10, 20),
            "1-1-601", new Usage(20, 100),
            "1-1-901", new Usage(15, 120));

    static Household household(String id, int floor, double area) {
        return new Household(id, "1", "1", floor, id.substring(4), area);
    }

    static BillingConfig rules() {
        return BillingConfig.DEFAULTS;
    }

    static BillIssued bill(BillingConfig rules, Map<String, Usage> usage, CostItem... items) throws BillingException {
        return new BillCalculator(rules)
                .compute(new BillCalculator.Request(OCT, "elevator-1-1", "1", "1", UNIT, List.of(items), usage));
    }

    static CostItem item(String name, long fen, SplitModel model) {
        return new CostItem(OCT, "elevator-1-1", name, fen, model);
    }

    static List<Long> totals(BillIssued b) {
        return b.lines().stream().map(BillIssued.Line::totalFen).toList();
    }

    @Test
    void coefficientTimesAreaIsNormalisedAndTheLeftOverFenGoesToTheLargestRemainder() throws Exception {
        // cw: 101 0 × 80 = 0, 301 0.7 × 100 = 70, 601 1.0 × 100 = 100, 901 1.3 × 80 = 104; Σ 274.
        // 100000 × 70/274 = 25547.445, × 100/274 = 36496.350, × 104/274 = 37956.204: floors sum
        // to 99999, the one fen left goes to 301 (remainder .445).
        BillIssued b = bill(rules(), USAGE, item("maintenance", 100_000, SplitModel.COEFFICIENT));
        assertThat(totals(b)).containsExactly(0L, 25_548L, 36_496L, 37_956L);
        assertThat(b.lines().get(1).coefficient()).isEqualTo("0.7000");
        assertThat(b.lines().get(1).area()).isEqualTo("100.00");
        assertThat(b.lines().get(1).shares()).containsExactly("0.25547445");
        assertThat(b.items().get(0).basis()).isEqualTo("coefficient");
    }

    @Test
    void perRideSplitsByRides() throws Exception {
        // Σ rides 50: 100 yuan × 5/50, 10/50, 20/50, 15/50.
        BillIssued b = bill(rules(), USAGE, item("electricity", 10_000, SplitModel.RIDES));
        assertThat(totals(b)).containsExactly(1_000L, 2_000L, 4_000L, 3_000L);
    }

    @Test
    void floorsTravelledSplitsByFloors() throws Exception {
        // Σ floors 240: 10000 × 20/240 = 833.33, × 100/240 = 4166.67, × 120/240 = 5000; the left
        // over fen to 601 (.67).
        BillIssued b = bill(rules(), USAGE, item("electricity", 10_000, SplitModel.FLOORS));
        assertThat(totals(b)).containsExactly(0L, 833L, 4_167L, 5_000L);
        assertThat(b.lines().get(3).floorsTravelled()).isEqualTo(120);
    }

    @Test
    void hybridSplitsTheFixedWeightByCoefficientAndTheRestByRides() throws Exception {
        // α 0.5: 101 0 + 0.5 × 5/50 = 0.05 → 500; 301 0.5 × 70/274 + 0.1 = 0.227737 → 2277.37;
        // 601 0.5 × 100/274 + 0.2 = 0.382482 → 3824.82; 901 0.5 × 104/274 + 0.15 = 0.339781 →
        // 3397.81. Floors sum to 9998: one fen each to 601 (.82) and 901 (.81).
        BillIssued b = bill(rules(), USAGE, item("repair-fund", 10_000, SplitModel.HYBRID));
        assertThat(totals(b)).containsExactly(500L, 2_277L, 3_825L, 3_398L);
        assertThat(b.hybridFixedWeight()).isEqualTo("0.5000");
    }

    @Test
    void anExemptHouseholdPaysNothingAndTheOthersShareItsPart() throws Exception {
        // 601 exempt: Σ cw 174; 100000 × 70/174 = 40229.885, × 104/174 = 59770.115 → 40230, 59770.
        BillingConfig r = withExempt(Set.of("1-1-601"));
        BillIssued b = bill(
                r, USAGE, item("maintenance", 100_000, SplitModel.COEFFICIENT), item("power", 5_000, SplitModel.RIDES));
        // Rides without 601: Σ 30: 5000 × 5/30 = 833.33, 10/30 = 1666.67, 15/30 = 2500.
        assertThat(b.lines().get(2).exempt()).isTrue();
        assertThat(b.lines().get(2).totalFen()).isZero();
        assertThat(b.lines().get(1).itemFen()).containsExactly(40_230, 1_667);
        assertThat(b.lines().get(3).itemFen()).containsExactly(59_770, 2_500);
        assertThat(b.lines().get(0).itemFen()).containsExactly(0, 833);
    }

    @Test
    void aVacantFlatsWeightIsMultipliedByTheVacantFactor() throws Exception {
        // 901 vacant at 0.5: cw 52; Σ 222: 31531.53, 45045.05, 23423.42 → the fen to 301.
        BillingConfig r = new BillingConfig(
                BillingConfig.DEFAULTS.coefficients(),
                new BigDecimal("0.5"),
                Set.of(),
                Set.of("1-1-901"),
                new BigDecimal("0.5"),
                0,
                Optional.empty(),
                List.of());
        BillIssued b = bill(r, USAGE, item("maintenance", 100_000, SplitModel.COEFFICIENT));
        assertThat(totals(b)).containsExactly(0L, 31_532L, 45_045L, 23_423L);
        assertThat(b.lines().get(3).vacant()).isTrue();
    }

    @Test
    void aHouseholdWithNoRidesPaysNothingByRidesButTheMinimumWhenOneIsSet() throws Exception {
        Map<String, Usage> usage =
                Map.of("1-1-301", new Usage(10, 20), "1-1-601", new Usage(20, 100), "1-1-901", new Usage(20, 160));
        BillIssued plain = bill(rules(), usage, item("power", 10_000, SplitModel.RIDES));
        assertThat(totals(plain)).containsExactly(0L, 2_000L, 4_000L, 4_000L);
        assertThat(plain.lines().get(0).rides()).isZero();
        // Minimum 10 yuan: 101 pays 1000; the other 9000 by subtotals 2000:4000:4000.
        BillIssued min = bill(limits(1_000, null), usage, item("power", 10_000, SplitModel.RIDES));
        assertThat(totals(min)).containsExactly(1_000L, 1_800L, 3_600L, 3_600L);
        assertThat(min.lines().stream().map(BillIssued.Line::adjustmentFen))
                .containsExactly(1_000L, -200L, -400L, -400L);
    }

    @Test
    void theCapMovesTheExcessToTheOthers() throws Exception {
        Map<String, Usage> usage =
                Map.of("1-1-301", new Usage(10, 20), "1-1-601", new Usage(20, 100), "1-1-901", new Usage(20, 160));
        // Cap 30 yuan: 601 and 901 (4000 each) pay 3000; 4000 left for 101 (0) and 301 (2000) → 301
        // would pay 4000, over the cap → 3000; the last 1000 to 101, whose subtotal was 0.
        BillIssued b = bill(limits(0, 3_000L), usage, item("power", 10_000, SplitModel.RIDES));
        assertThat(totals(b)).containsExactly(1_000L, 3_000L, 3_000L, 3_000L);
        assertThatThrownBy(() -> bill(limits(0, 2_000L), usage, item("power", 10_000, SplitModel.RIDES)))
                .isInstanceOf(BillingException.class)
                .hasMessageContaining("cap of 2000 fen for 4 paying households");
        assertThatThrownBy(() -> bill(limits(3_000, null), usage, item("power", 10_000, SplitModel.RIDES)))
                .isInstanceOf(BillingException.class)
                .hasMessageContaining("minimum of 3000 fen");
    }

    @Test
    void whenNobodyRodeARideItemFallsBackToCoefficientTimesArea() throws Exception {
        BillIssued b = bill(rules(), Map.of(), item("power", 100_000, SplitModel.RIDES));
        assertThat(b.items().get(0).basis()).isEqualTo("coefficient");
        assertThat(totals(b)).containsExactly(0L, 25_548L, 36_496L, 37_956L);
    }

    @Test
    void tiesGoToTheSmallerHouseholdId() throws Exception {
        List<Household> twins = List.of(household("1-1-302", 3, 90.0), household("1-1-301", 3, 90.0));
        BillIssued b = new BillCalculator(rules())
                .compute(new BillCalculator.Request(
                        OCT, "elevator-1-1", "1", "1", twins, List.of(item("x", 1, SplitModel.COEFFICIENT)), Map.of()));
        assertThat(b.lines().get(0).household()).isEqualTo("1-1-301");
        assertThat(totals(b)).containsExactly(1L, 0L);
    }

    @Test
    void theHashRecomputesFromTheJournaledBodyAndAnEditBreaksIt() throws Exception {
        BillIssued b = bill(
                rules(),
                USAGE,
                item("maintenance", 100_000, SplitModel.COEFFICIENT),
                item("power", 9_999, SplitModel.HYBRID));
        assertThat(b.hash()).hasSize(64).isEqualTo(StatementHash.of(b));
        BillIssued read = (BillIssued) EventCodec.decode(EventKind.BILL, "bill-issued", EventCodec.encode(b));
        assertThat(read).isEqualTo(b);
        assertThat(StatementHash.verifies(read)).isTrue();
        assertThat(bill(
                                rules(),
                                USAGE,
                                item("maintenance", 100_000, SplitModel.COEFFICIENT),
                                item("power", 9_999, SplitModel.HYBRID))
                        .hash())
                .as("the same inputs give the same hash")
                .isEqualTo(b.hash());
        String edited = EventCodec.encode(b).replaceFirst("\"subtotalFen\":(\\d+)", "\"subtotalFen\":1");
        assertThat(edited).isNotEqualTo(EventCodec.encode(b));
        BillIssued tampered = (BillIssued) EventCodec.decode(EventKind.BILL, "bill-issued", edited);
        assertThat(StatementHash.verifies(tampered)).isFalse();
        assertThat(bill(
                                rules(),
                                Map.of("1-1-301", new Usage(11, 22)),
                                item("maintenance", 100_000, SplitModel.COEFFICIENT),
                                item("power", 9_999, SplitModel.HYBRID))
                        .hash())
                .as("one more ride changes the statement")
                .isNotEqualTo(b.hash());
    }

    @Test
    void noItemsOrEveryHouseholdExemptIsRefusedWithTheReason() {
        assertThatThrownBy(() -> bill(rules(), USAGE)).hasMessageContaining("no cost items for 2026-10");
        BillingConfig all = withExempt(Set.of("1-1-101", "1-1-301", "1-1-601", "1-1-901"));
        assertThatThrownBy(() -> bill(all, USAGE, item("x", 100, SplitModel.RIDES)))
                .hasMessageContaining("exempt");
    }

    static BillingConfig withExempt(Set<String> exempt) {
        BillingConfig d = BillingConfig.DEFAULTS;
        return new BillingConfig(
                d.coefficients(),
                d.hybridFixedWeight(),
                exempt,
                Set.of(),
                d.vacantFactor(),
                0,
                Optional.empty(),
                List.of());
    }

    static BillingConfig limits(long min, Long cap) {
        BillingConfig d = BillingConfig.DEFAULTS;
        return new BillingConfig(
                d.coefficients(),
                d.hybridFixedWeight(),
                Set.of(),
                Set.of(),
                d.vacantFactor(),
                min,
                Optional.ofNullable(cap),
                List.of());
    }
}

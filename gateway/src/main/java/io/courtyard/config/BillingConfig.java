package io.courtyard.config;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How an elevator's costs are shared among the households of its unit (the {@code billing} section).
 *
 * @param coefficients floor → coefficient for the coefficient × area model; a floor not listed is 0
 * @param hybridFixedWeight in the hybrid model, the part of an item split by coefficient × area (0..1);
 *     the rest is split by rides
 * @param exempt households that pay nothing and take no share
 * @param vacant households whose coefficient × area weight is multiplied by {@code vacantFactor}
 * @param minimumFen the least a household that is not exempt pays per statement
 * @param capFen the most a household pays per statement
 * @param items cost items from the configuration; more may come from a CSV on the command line
 */
public record BillingConfig(
        Map<Integer, BigDecimal> coefficients,
        BigDecimal hybridFixedWeight,
        Set<String> exempt,
        Set<String> vacant,
        BigDecimal vacantFactor,
        long minimumFen,
        Optional<Long> capFen,
        List<CostItem> items) {

    /** No items, no adjustments: the usual coefficient table (1F–2F 0, 3F 0.7 … 9F 1.3). */
    public static final BillingConfig DEFAULTS = new BillingConfig(
            defaultCoefficients(),
            new BigDecimal("0.5"),
            Set.of(),
            Set.of(),
            BigDecimal.ZERO,
            0,
            Optional.empty(),
            List.of());

    public BillingConfig {
        coefficients = Map.copyOf(coefficients);
        exempt = Set.copyOf(exempt);
        vacant = Set.copyOf(vacant);
        items = List.copyOf(items);
    }

    /** The coefficient of {@code floor}; 0 for a floor the table does not list. */
    public BigDecimal coefficient(int floor) {
        return coefficients.getOrDefault(floor, BigDecimal.ZERO);
    }

    /** The same rules with other cost items (a CSV given on the command line). */
    public BillingConfig withItems(List<CostItem> other) {
        return new BillingConfig(
                coefficients, hybridFixedWeight, exempt, vacant, vacantFactor, minimumFen, capFen, other);
    }

    /** The largest amount one item or household may reach: ten million yuan. */
    public static final long MAX_FEN = 1_000_000_000L;

    /**
     * Fen from a yuan amount written with at most two decimals ({@code 1200}, {@code 86.5},
     * {@code 0.07}); null for anything else, negative amounts and amounts over {@link #MAX_FEN}.
     */
    public static Long fen(String yuan) {
        try {
            BigDecimal v = new BigDecimal(yuan.strip());
            if (v.signum() < 0 || v.scale() > 2) {
                return null;
            }
            long fen = v.movePointRight(2).longValueExact();
            return fen <= MAX_FEN ? fen : null;
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    static Map<Integer, BigDecimal> defaultCoefficients() {
        Map<Integer, BigDecimal> m = new TreeMap<>();
        m.put(1, BigDecimal.ZERO);
        m.put(2, BigDecimal.ZERO);
        String[] upper = {"0.7", "0.8", "0.9", "1.0", "1.1", "1.2", "1.3"};
        for (int i = 0; i < upper.length; i++) {
            m.put(3 + i, new BigDecimal(upper[i]));
        }
        return m;
    }

    /** How one cost item is split. */
    public enum SplitModel {
        /** Floor coefficient × flat area, normalised so the shares sum to the item. */
        COEFFICIENT,
        /** By the household's rides in the month. */
        RIDES,
        /** By floors travelled: a ride to floor n counts n − 1 floors (rides to floor 1 or below count none). */
        FLOORS,
        /** A fixed part ({@code hybridFixedWeight}) by coefficient × area, the rest by rides. */
        HYBRID
    }

    /**
     * One cost of one elevator in one month.
     *
     * @param item what it is: {@code maintenance}, {@code electricity}, {@code inspection}, ...
     * @param amountFen the amount in fen (1/100 yuan)
     */
    public record CostItem(YearMonth month, String elevator, String item, long amountFen, SplitModel model) {}
}

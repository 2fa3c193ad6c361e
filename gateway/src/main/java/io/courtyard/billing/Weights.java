package io.courtyard.billing;

import io.courtyard.config.BillingConfig;
import io.courtyard.config.SiteConfig.Household;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * The integer weights the split models divide by, from a household's inputs: coefficient × area ×
 * (vacant factor) at a fixed scale of 10 decimals, rides, floors travelled. Integers, so that
 * {@link Apportion} is exact.
 */
final class Weights {
    /** coefficient (4 decimals) × area (2) × vacant factor (4) */
    static final int SCALE = 10;

    private Weights() {}

    /** The flat's area as billed: two decimals, half up (the configuration's value as written). */
    static BigDecimal area(Household h) {
        return BigDecimal.valueOf(h.areaSquareMetres()).setScale(2, RoundingMode.HALF_UP);
    }

    static BigDecimal coefficient(BillingConfig rules, Household h) {
        return rules.coefficient(h.floor()).setScale(4, RoundingMode.UNNECESSARY);
    }

    /** Coefficient × area, times the vacant factor for a vacant flat; 0 for an exempt one. */
    static BigInteger coefficientArea(BillingConfig rules, Household h) {
        if (rules.exempt().contains(h.id())) {
            return BigInteger.ZERO;
        }
        BigDecimal factor = rules.vacant().contains(h.id()) ? rules.vacantFactor() : BigDecimal.ONE;
        return coefficient(rules, h)
                .multiply(area(h))
                .multiply(factor)
                .setScale(SCALE, RoundingMode.UNNECESSARY)
                .unscaledValue();
    }

    /**
     * Hybrid: {@code α·cw/ΣCW + (1−α)·r/ΣR} over the common denominator {@code ΣCW·ΣR}, with α at
     * four decimals; when nobody rode, or no household has a coefficient, the part without a
     * denominator falls away and the other takes the whole item.
     */
    static BigInteger hybrid(BigDecimal alpha, BigInteger cw, BigInteger sumCw, long rides, long sumRides) {
        BigInteger a = alpha.setScale(4, RoundingMode.UNNECESSARY).unscaledValue();
        BigInteger rest = BigInteger.TEN.pow(4).subtract(a);
        BigInteger r = BigInteger.valueOf(rides);
        BigInteger sumR = BigInteger.valueOf(sumRides);
        if (sumRides == 0) {
            return cw;
        }
        if (sumCw.signum() == 0) {
            return r;
        }
        return a.multiply(cw).multiply(sumR).add(rest.multiply(r).multiply(sumCw));
    }
}

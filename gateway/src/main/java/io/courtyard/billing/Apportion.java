package io.courtyard.billing;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an amount in fen over integer weights so that the parts add up exactly to it (largest
 * remainder, Hamilton's method): each part is first the floor of its exact share {@code total × w /
 * Σw}; the fen left over go one each to the parts with the largest remainders, ties to the smaller
 * household id (string order). Exact integer arithmetic, so anyone can redo it by hand.
 */
public final class Apportion {
    private Apportion() {}

    /**
     * @param ids the households, for breaking ties; same order as {@code weights}
     * @param weights non-negative; their sum must be positive
     * @return the parts, in the order of {@code weights}, summing to {@code total}
     */
    public static long[] split(long total, List<String> ids, List<BigInteger> weights) {
        int n = weights.size();
        if (ids.size() != n) {
            throw new IllegalArgumentException("ids and weights differ in length");
        }
        if (total < 0) {
            throw new IllegalArgumentException("negative total " + total);
        }
        BigInteger sum = BigInteger.ZERO;
        for (BigInteger w : weights) {
            if (w.signum() < 0) {
                throw new IllegalArgumentException("negative weight " + w);
            }
            sum = sum.add(w);
        }
        if (sum.signum() == 0) {
            throw new IllegalArgumentException("every weight is zero");
        }
        BigInteger t = BigInteger.valueOf(total);
        long[] parts = new long[n];
        BigInteger[] remainders = new BigInteger[n];
        long given = 0;
        for (int i = 0; i < n; i++) {
            BigInteger[] qr = t.multiply(weights.get(i)).divideAndRemainder(sum);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += parts[i];
        }
        Integer[] order = new Integer[n];
        Arrays.setAll(order, i -> i);
        Arrays.sort(
                order,
                Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
                        .reversed()
                        .thenComparing(ids::get));
        // Fewer than n fen are left, since each floor lost less than one.
        for (int k = 0; k < total - given; k++) {
            parts[order[k]]++;
        }
        return parts;
    }
}

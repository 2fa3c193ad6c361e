package io.courtyard.billing;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The minimum and the cap per household, applied to the subtotals: a household below the minimum
 * pays the minimum, one above the cap pays the cap, and the difference is shared by the others in
 * proportion to their subtotals, repeated until nobody is outside the limits; the result is rounded
 * with {@link Apportion} so it still sums to the total. Exempt households pay nothing and are no
 * part of it.
 */
final class Limits {
    private Limits() {}

    static long[] apply(long total, long[] subtotal, boolean[] exempt, List<String> ids, long minimum, Long cap)
            throws BillingException {
        int n = subtotal.length;
        long[] out = new long[n];
        List<Integer> payers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!exempt[i]) {
                payers.add(i);
            }
        }
        if (payers.isEmpty()) {
            throw new BillingException("every household is exempt; nobody can pay " + total + " fen");
        }
        if (minimum * payers.size() > total) {
            throw new BillingException("the minimum of " + minimum + " fen for " + payers.size()
                    + " paying households exceeds the total of " + total + " fen");
        }
        if (cap != null && cap * payers.size() < total) {
            throw new BillingException("the cap of " + cap + " fen for " + payers.size()
                    + " paying households cannot cover the total of " + total + " fen");
        }
        boolean[] fixed = new boolean[n];
        while (true) {
            long rest = total;
            List<Integer> free = new ArrayList<>();
            for (int i : payers) {
                if (fixed[i]) {
                    rest -= out[i];
                } else {
                    free.add(i);
                }
            }
            if (free.isEmpty()) {
                if (rest != 0) {
                    throw new BillingException("the minimum and the cap leave " + rest + " fen nobody can pay");
                }
                return out;
            }
            long sum = 0;
            for (int i : free) {
                sum += subtotal[i];
            }
            boolean equal = sum == 0;
            BigInteger r = BigInteger.valueOf(rest);
            BigInteger w = BigInteger.valueOf(equal ? free.size() : sum);
            boolean changed = false;
            for (int i : free) {
                // Exact comparisons: share = rest × s / Σs against the limits, no rounding yet.
                BigInteger share = r.multiply(BigInteger.valueOf(equal ? 1 : subtotal[i]));
                if (share.compareTo(w.multiply(BigInteger.valueOf(minimum))) < 0) {
                    out[i] = minimum;
                    fixed[i] = changed = true;
                } else if (cap != null && share.compareTo(w.multiply(BigInteger.valueOf(cap))) > 0) {
                    out[i] = cap;
                    fixed[i] = changed = true;
                }
            }
            if (!changed) {
                List<String> freeIds = free.stream().map(ids::get).toList();
                List<BigInteger> weights = free.stream()
                        .map(i -> BigInteger.valueOf(equal ? 1 : subtotal[i]))
                        .toList();
                long[] parts = rest == 0 ? new long[free.size()] : Apportion.split(rest, freeIds, weights);
                for (int k = 0; k < parts.length; k++) {
                    out[free.get(k)] = parts[k];
                }
                return out;
            }
        }
    }
}

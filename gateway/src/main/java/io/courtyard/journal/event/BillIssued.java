package io.courtyard.journal.event;

import io.courtyard.config.BillingConfig.SplitModel;
import java.util.List;

/**
 * A maintenance bill issued for one elevator and month: the cost items, every household's line with
 * the inputs it was computed from, and the statement hash. {@code hash} is the SHA-256 (hex) of this
 * body as the journal stores it with {@code hash} left out, so anyone holding the body can recompute
 * it, and {@code courtyard bill} recomputes the whole statement from the journal and compares.
 *
 * @param month {@code YYYY-MM} in the site's time zone
 * @param hybridFixedWeight the part of hybrid items split by coefficient × area, as configured
 * @param vacantFactor what a vacant flat's coefficient × area weight is multiplied by
 * @param minimumFen the least a household that is not exempt pays
 * @param capFen the most a household pays, when capped
 */
public record BillIssued(
        String month,
        @Tag String elevator,
        String building,
        String unit,
        long totalFen,
        String hybridFixedWeight,
        String vacantFactor,
        long minimumFen,
        @Nullable Long capFen,
        List<Item> items,
        List<Line> lines,
        @Nullable String hash)
        implements Event {

    /**
     * One cost item.
     *
     * @param basis the model actually applied: {@code model}, or {@code coefficient} when nobody
     *     rode (a ride-based item cannot be split by zero rides), or {@code equal} when even the
     *     coefficients are all zero
     */
    public record Item(String item, SplitModel model, String basis, long amountFen) {}

    /**
     * One household's share.
     *
     * @param area flat area in m², two decimals
     * @param coefficient the floor's coefficient, four decimals
     * @param shares per item, the household's exact share of it as a decimal fraction (8 places)
     * @param itemFen per item, the fen it pays (each item's column sums to its amount)
     * @param adjustmentFen what the minimum and the cap moved (the column sums to 0)
     */
    public record Line(
            @Personal(Privacy.PERSONAL) String household,
            int floor,
            String area,
            String coefficient,
            boolean exempt,
            boolean vacant,
            long rides,
            long floorsTravelled,
            List<String> shares,
            List<Integer> itemFen,
            long subtotalFen,
            long adjustmentFen,
            long totalFen) {}

    /** The same bill without its hash: what the hash is computed over. */
    public BillIssued unsigned() {
        return new BillIssued(
                month,
                elevator,
                building,
                unit,
                totalFen,
                hybridFixedWeight,
                vacantFactor,
                minimumFen,
                capFen,
                items,
                lines,
                null);
    }

    /** The same bill with {@code h} as its hash. */
    public BillIssued signed(String h) {
        return new BillIssued(
                month,
                elevator,
                building,
                unit,
                totalFen,
                hybridFixedWeight,
                vacantFactor,
                minimumFen,
                capFen,
                items,
                lines,
                h);
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

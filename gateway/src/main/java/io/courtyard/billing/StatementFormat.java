package io.courtyard.billing;

import io.courtyard.config.BillingConfig.SplitModel;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.journal.event.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A statement as CSV (one row per household with every input, for a spreadsheet) or JSON (the
 * journaled body, hash included), and the {@code --compare} table; the CLI and the API print the
 * same text.
 */
public final class StatementFormat {
    private StatementFormat() {}

    /** Fen as yuan with two decimals: {@code 12345} → {@code 123.45}. */
    public static String yuan(long fen) {
        return String.format(Locale.ROOT, "%s%d.%02d", fen < 0 ? "-" : "", Math.abs(fen) / 100, Math.abs(fen) % 100);
    }

    public static String json(BillIssued b) {
        return EventCodec.encode(b);
    }

    /**
     * A first comment line with the statement's month, elevator, total and hash and one per item,
     * then a header and one row per household.
     */
    public static String csv(BillIssued b) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "# month=%s elevator=%s unit=%s-%s total=%s hybridFixedWeight=%s vacantFactor=%s minimum=%s cap=%s sha256=%s%n",
                b.month(),
                b.elevator(),
                b.building(),
                b.unit(),
                yuan(b.totalFen()),
                b.hybridFixedWeight(),
                b.vacantFactor(),
                yuan(b.minimumFen()),
                b.capFen() == null ? "none" : yuan(b.capFen()),
                b.hash()));
        for (BillIssued.Item i : b.items()) {
            out.append(String.format(
                    Locale.ROOT,
                    "# item=%s model=%s basis=%s amount=%s%n",
                    i.item(),
                    i.model().name().toLowerCase(Locale.ROOT),
                    i.basis(),
                    yuan(i.amountFen())));
        }
        List<String> header = new ArrayList<>(
                List.of("household", "floor", "area", "coefficient", "exempt", "vacant", "rides", "floorsTravelled"));
        for (BillIssued.Item i : b.items()) {
            header.add(i.item() + ".share");
            header.add(i.item() + ".yuan");
        }
        header.addAll(List.of("subtotal", "adjustment", "total"));
        out.append(String.join(",", header)).append('\n');
        for (BillIssued.Line l : b.lines()) {
            List<String> row = new ArrayList<>(List.of(
                    l.household(),
                    Integer.toString(l.floor()),
                    l.area(),
                    l.coefficient(),
                    Boolean.toString(l.exempt()),
                    Boolean.toString(l.vacant()),
                    Long.toString(l.rides()),
                    Long.toString(l.floorsTravelled())));
            for (int k = 0; k < b.items().size(); k++) {
                row.add(l.shares().get(k));
                row.add(yuan(l.itemFen().get(k)));
            }
            row.add(yuan(l.subtotalFen()));
            row.add(yuan(l.adjustmentFen()));
            row.add(yuan(l.totalFen()));
            out.append(String.join(",", row)).append('\n');
        }
        return out.toString();
    }

    /** The {@code --compare} table as CSV: one row per household, one column per model, in yuan. */
    public static String compareCsv(Map<String, Map<SplitModel, Long>> cmp) {
        StringBuilder out = new StringBuilder("household");
        for (SplitModel m : SplitModel.values()) {
            out.append(',').append(m.name().toLowerCase(Locale.ROOT));
        }
        out.append('\n');
        cmp.forEach((h, by) -> {
            out.append(h);
            for (SplitModel m : SplitModel.values()) {
                out.append(',').append(yuan(by.getOrDefault(m, 0L)));
            }
            out.append('\n');
        });
        return out.toString();
    }

    /** The {@code --compare} table as JSON: {@code {"1-1-301":{"coefficient":25548,...},...}} in fen. */
    public static String compareJson(Map<String, Map<SplitModel, Long>> cmp) {
        Map<String, Map<String, Long>> out = new java.util.LinkedHashMap<>();
        cmp.forEach((h, by) -> {
            Map<String, Long> row = new java.util.LinkedHashMap<>();
            for (SplitModel m : SplitModel.values()) {
                row.put(m.name().toLowerCase(Locale.ROOT), by.getOrDefault(m, 0L));
            }
            out.put(h, row);
        });
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(out);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

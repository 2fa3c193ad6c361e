package io.courtyard.billing;

import io.courtyard.config.BillingConfig;
import io.courtyard.config.BillingConfig.CostItem;
import io.courtyard.config.BillingConfig.SplitModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cost items from a CSV file: a header {@code month,elevator,item,amount,model}, then one item per
 * line (amount in yuan with at most two decimals, model {@code coefficient}, {@code rides},
 * {@code floors} or {@code hybrid}); blank lines and lines starting with {@code #} are skipped.
 * Every bad line is reported as {@code file:line: field: problem}, all at once.
 */
public final class CostItemsCsv {
    static final String HEADER = "month,elevator,item,amount,model";
    private static final int MAX_BYTES = 1 << 20;

    private CostItemsCsv() {}

    public static List<CostItem> read(Path file) throws BillingException {
        List<String> lines;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new BillingException(file + ": larger than " + MAX_BYTES + " bytes; is this the right file?");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BillingException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), lines);
    }

    static List<CostItem> parse(String name, List<String> lines) throws BillingException {
        List<String> problems = new ArrayList<>();
        List<CostItem> items = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        boolean header = false;
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).strip();
            if (n == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.replace(" ", "").equalsIgnoreCase(HEADER)) {
                    problems.add(name + ":" + n + ": header: expected '" + HEADER + "', found '" + line + "'");
                    break;
                }
                header = true;
                continue;
            }
            String[] f = line.split(",", -1);
            String at = name + ":" + n + ": ";
            if (f.length != 5) {
                problems.add(at + "expected 5 fields (" + HEADER + "), found " + f.length);
                continue;
            }
            YearMonth month = null;
            try {
                month = YearMonth.parse(f[0].strip());
            } catch (DateTimeParseException e) {
                problems.add(at + "month: expected YYYY-MM, found '" + f[0].strip() + "'");
            }
            String elevator = f[1].strip();
            String item = f[2].strip();
            if (elevator.isEmpty() || item.isEmpty()) {
                problems.add(at + (elevator.isEmpty() ? "elevator" : "item") + ": empty");
            }
            Long fen = BillingConfig.fen(f[3]);
            if (fen == null) {
                problems.add(at + "amount: expected yuan from 0 to 10000000 with at most 2 decimals, found '"
                        + f[3].strip() + "'");
            }
            SplitModel model = model(f[4].strip());
            if (model == null) {
                problems.add(at + "model: expected coefficient, rides, floors or hybrid, found '" + f[4].strip() + "'");
            }
            if (month != null && fen != null && model != null && !elevator.isEmpty() && !item.isEmpty()) {
                if (!seen.add(month + "/" + elevator + "/" + item)) {
                    problems.add(at + "item: '" + item + "' of " + elevator + " in " + month + " is listed twice");
                }
                items.add(new CostItem(month, elevator, item, fen, model));
            }
        }
        if (!header && problems.isEmpty()) {
            problems.add(name + ":1: header: the file is empty; expected '" + HEADER + "'");
        }
        if (!problems.isEmpty()) {
            throw new BillingException(String.join("\n", problems));
        }
        return List.copyOf(items);
    }

    private static SplitModel model(String s) {
        for (SplitModel m : SplitModel.values()) {
            if (m.name().toLowerCase(Locale.ROOT).equals(s)) {
                return m;
            }
        }
        return null;
    }
}

package io.courtyard.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.courtyard.cli.Main;
import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code month-bill} check: after a simulated month, an elevator's bill adds up. Every item's
 * column sums to the item, every household's lines to the statement's total, the adjustments to zero;
 * the rides billed are the rides played; the committee issues it through the operator API and
 * {@code courtyard bill --verify} recomputes the same hash from the journal, while a forged one fails.
 */
public final class MonthBillCheck {
    /** One check and what was found. */
    public record Check(String name, boolean passed, String detail) {
        @Override
        public String toString() {
            return (passed ? "PASS " : "FAIL ") + name + ": " + detail;
        }
    }

    private MonthBillCheck() {}

    /**
     * @param ridesPlayed rides the simulator played at {@code elevator} that month, or -1 when unknown
     * @param config the gateway's configuration file and {@code stateDir} its state: {@code courtyard bill} reads them
     */
    public static List<Check> run(
            OperatorClient api, Path config, Path stateDir, YearMonth month, String elevator, long ridesPlayed)
            throws IOException, InterruptedException {
        List<Check> out = new ArrayList<>();
        String q = "?month=" + month + "&elevator=" + OperatorClient.enc(elevator);
        JsonNode s = api.get("/api/bills" + q).path("statement");
        long total = s.path("totalFen").asLong(-1);
        long lines = 0;
        long adjustments = 0;
        long rides = 0;
        for (JsonNode l : s.path("lines")) {
            lines += l.path("totalFen").asLong();
            adjustments += l.path("adjustmentFen").asLong();
            rides += l.path("rides").asLong();
        }
        out.add(new Check(
                "households add up to the total",
                total > 0 && lines == total,
                String.format(
                        Locale.ROOT,
                        "%d households' totals sum to %d fen, statement total %d fen",
                        s.path("lines").size(),
                        lines,
                        total)));
        JsonNode items = s.path("items");
        List<String> columns = new ArrayList<>();
        boolean columnsOk = items.size() > 0;
        for (int i = 0; i < items.size(); i++) {
            long column = 0;
            for (JsonNode l : s.path("lines")) {
                column += l.path("itemFen").path(i).asLong();
            }
            long amount = items.path(i).path("amountFen").asLong();
            columnsOk &= column == amount;
            columns.add(items.path(i).path("item").asText() + " " + column + "/" + amount);
        }
        out.add(new Check("each item's column sums to the item", columnsOk, String.join(", ", columns) + " fen"));
        out.add(new Check("adjustments sum to zero", adjustments == 0, adjustments + " fen"));
        if (ridesPlayed >= 0) {
            out.add(new Check(
                    "the rides billed are the rides played",
                    rides == ridesPlayed,
                    rides + " billed, " + ridesPlayed + " played"));
        }
        JsonNode issued = api.post("/api/bills/issue" + q);
        String hash = issued.path("hash").asText();
        String state = api.get("/api/bills" + q).path("issued").asText();
        out.add(new Check(
                "the issued bill matches the statement", "matches".equals(state), "issued " + hash + ": " + state));
        int verify = bill(config, stateDir, month, elevator, hash);
        out.add(new Check("courtyard bill --verify recomputes the hash", verify == 0, "exit " + verify));
        String forged = (hash.charAt(0) == '0' ? '1' : '0') + hash.substring(1);
        int refused = bill(config, stateDir, month, elevator, forged);
        out.add(new Check("a forged hash does not verify", refused == 1, "exit " + refused));
        return out;
    }

    /** {@code courtyard bill --verify}, as an operator types it beside the running gateway (it reads the database read-only). */
    private static int bill(Path config, Path stateDir, YearMonth month, String elevator, String hash) {
        return Main.execute(
                (c, clock) -> {
                    throw new IllegalStateException("courtyard bill never assembles a gateway");
                },
                "bill",
                "--month",
                month.toString(),
                "--elevator",
                elevator,
                "--verify",
                hash,
                "--config",
                config.toString(),
                "--state-dir",
                stateDir.toString());
    }
}

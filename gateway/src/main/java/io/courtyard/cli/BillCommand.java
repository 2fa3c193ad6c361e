package io.courtyard.cli;

import io.courtyard.billing.BillingException;
import io.courtyard.billing.Bills;
import io.courtyard.billing.CostItemsCsv;
import io.courtyard.billing.StatementFormat;
import io.courtyard.billing.StatementHash;
import io.courtyard.config.GatewayConfig;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.BillIssued;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code courtyard bill}: one elevator's maintenance statement for a month, recomputed from the
 * journal's rides and the configured (or CSV) cost items, checked against the bill issued, if any.
 */
@Command(
        name = "bill",
        mixinStandardHelpOptions = true,
        description = {
            "Print an elevator's maintenance statement for a month (CSV or JSON), every line with its inputs,",
            "and its SHA-256 statement hash, recomputed from the journal and compared with the bill issued.",
            "Exit 1 when an issued bill no longer matches its hash or the recomputed statement."
        })
final class BillCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOptions options;

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month (site time zone).")
    YearMonth month;

    @Option(names = "--elevator", required = true, paramLabel = "ID", description = "The elevator.")
    String elevator;

    @Option(
            names = "--items",
            paramLabel = "CSV",
            description = "Cost items from CSV (" + "month,elevator,item,amount,model) instead of billing.items.")
    Path items;

    @Option(names = "--format", paramLabel = "csv|json", description = "Output format (default csv).")
    String format = "csv";

    @Option(names = "--compare", description = "What each household would pay under every model, side by side.")
    boolean compare;

    @Option(names = "--canonical", description = "Print the canonical statement the hash is computed over.")
    boolean canonical;

    @Option(
            names = "--issue",
            description = "Journal the statement as issued (the gateway must be stopped; else use its API).")
    boolean issue;

    @Option(
            names = "--verify",
            paramLabel = "SHA256",
            description = "Check a statement hash (printed on a report, or read from its QR code) against the"
                    + " statement recomputed from the journal; exit 1 when it differs.")
    String verify;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("csv") && !format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format: csv or json, found " + format);
        }
        GatewayConfig cfg = options.load(spec);
        if (cfg == null) {
            return ExitCodes.USAGE;
        }
        try {
            if (items != null) {
                cfg = cfg.withBilling(cfg.billing().withItems(CostItemsCsv.read(items)));
            }
            Bills bills = new Bills(cfg);
            if (issue) {
                return issue(cfg, bills, out, err);
            }
            try (Connection c = CliSupport.reader(cfg, err)) {
                if (c == null) {
                    return ExitCodes.FAILURE;
                }
                if (compare) {
                    var cmp = bills.compare(c, month, elevator);
                    out.print(
                            format.equals("json")
                                    ? StatementFormat.compareJson(cmp) + "\n"
                                    : StatementFormat.compareCsv(cmp));
                    return ExitCodes.OK;
                }
                BillIssued b = bills.statement(c, month, elevator);
                if (verify != null) {
                    return verify(out, b);
                }
                print(out, b);
                return check(err, b, bills.lastIssued(c, month, elevator));
            }
        } catch (BillingException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE;
        }
    }

    private void print(PrintWriter out, BillIssued b) {
        if (canonical) {
            out.println(StatementHash.canonical(b));
        } else {
            out.print(format.equals("json") ? StatementFormat.json(b) + "\n" : StatementFormat.csv(b));
        }
        out.flush();
    }

    /** Compares a hash someone holds (a printed report's) with the statement the journal gives now. */
    private int verify(PrintWriter out, BillIssued now) {
        String given = verify.strip().toLowerCase(Locale.ROOT);
        if (given.equals(now.hash())) {
            out.printf(Locale.ROOT, "%s matches: recomputed from the journal, same statement%n", given);
            return ExitCodes.OK;
        }
        out.printf(
                Locale.ROOT, "%s does NOT match: the journal gives %s for %s %s%n", given, now.hash(), elevator, month);
        return ExitCodes.FAILURE;
    }

    /** Compares the recomputed statement with the last one issued; 1 when they or its hash disagree. */
    static int check(PrintWriter err, BillIssued now, Optional<Bills.Issued> issued) {
        err.printf(Locale.ROOT, "statement sha256 %s%n", now.hash());
        if (issued.isEmpty()) {
            err.println("not issued yet");
            return ExitCodes.OK;
        }
        Bills.Issued i = issued.get();
        if (!i.intact()) {
            err.printf(
                    Locale.ROOT,
                    "issued bill (journal seq %d) does NOT match its own hash %s: it was edited%n",
                    i.seq(),
                    i.hash());
            return ExitCodes.FAILURE;
        }
        if (!i.hash().equals(now.hash())) {
            err.printf(
                    Locale.ROOT,
                    "issued bill (journal seq %d) has hash %s: the journal now gives a different statement%n",
                    i.seq(),
                    i.hash());
            return ExitCodes.FAILURE;
        }
        err.printf(
                Locale.ROOT, "issued bill (journal seq %d) matches: recomputed from the journal, same hash%n", i.seq());
        return ExitCodes.OK;
    }

    private int issue(GatewayConfig cfg, Bills bills, PrintWriter out, PrintWriter err) throws Exception {
        try (OfflineJournal j = OfflineJournal.open(cfg)) {
            if (j == null) {
                err.println("the gateway is running with " + cfg.state().dir()
                        + ": issue through its API, POST /api/bills/issue?month=" + month + "&elevator=" + elevator);
                return ExitCodes.FAILURE;
            }
            BillIssued b = bills.statement(j.connection(), month, elevator);
            JournalEvent e = j.journal()
                    .append(EventDraft.at(elevator, Instant.now(), b))
                    .get(30, TimeUnit.SECONDS);
            print(out, b);
            err.printf(Locale.ROOT, "issued: journal seq %d, sha256 %s%n", e.seq(), b.hash());
            return ExitCodes.OK;
        }
    }
}

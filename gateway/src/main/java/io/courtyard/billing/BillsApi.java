package io.courtyard.billing;

import io.courtyard.http.OperatorRequest;
import io.courtyard.http.Responses;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.EventSink;
import io.courtyard.journal.event.BillIssued;
import io.courtyard.store.Database;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/bills?month=&elevator=[&format=csv|json][&compare=true]}: the statement as
 * {@code courtyard bill} prints it, with the check against the bill issued; {@code POST
 * /api/bills/issue?month=&elevator=} journals it as issued.
 */
public final class BillsApi {
    private final Bills bills;
    private final Database db;
    private final EventSink journal;
    private final Clock clock;

    public BillsApi(Bills bills, Database db, EventSink journal, Clock clock) {
        this.bills = bills;
        this.db = db;
        this.journal = journal;
        this.clock = clock;
    }

    public FullHttpResponse handle(OperatorRequest r) throws Exception {
        YearMonth month;
        String elevator = r.param("elevator").orElse(null);
        try {
            month = YearMonth.parse(r.param("month").orElse(""));
        } catch (java.time.format.DateTimeParseException e) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "month: YYYY-MM\n");
        }
        if (elevator == null) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "elevator: required\n");
        }
        boolean csv = r.param("format").orElse("json").equals("csv");
        try (Connection c = db.connect()) {
            if (r.path().equals("/api/bills/issue") && r.method().equals(HttpMethod.POST)) {
                BillIssued b = bills.statement(c, month, elevator);
                var e = journal.append(EventDraft.at(elevator, clock.instant(), b))
                        .get(10, TimeUnit.SECONDS);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("issued", true);
                out.put("seq", e instanceof io.courtyard.journal.JournalEvent je ? je.seq() : null);
                out.put("hash", b.hash());
                return Responses.json(out);
            }
            if (r.param("compare").map(Boolean::parseBoolean).orElse(false)) {
                var cmp = bills.compare(c, month, elevator);
                return csv ? csv(StatementFormat.compareCsv(cmp)) : json(StatementFormat.compareJson(cmp));
            }
            BillIssued b = bills.statement(c, month, elevator);
            if (csv) {
                return csv(StatementFormat.csv(b));
            }
            var issued = bills.lastIssued(c, month, elevator);
            String check = issued.map(i -> !i.intact() ? "edited" : i.hash().equals(b.hash()) ? "matches" : "differs")
                    .orElse("not-issued");
            String body = "{\"statement\":" + StatementFormat.json(b) + ",\"issued\":\"" + check + "\""
                    + issued.map(i -> ",\"issuedSeq\":" + i.seq() + ",\"issuedHash\":\"" + i.hash() + "\"")
                            .orElse("")
                    + "}";
            return json(body);
        } catch (BillingException e) {
            return Responses.text(HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage() + "\n");
        }
    }

    private static FullHttpResponse csv(String s) {
        return Responses.bytes(HttpResponseStatus.OK, "text/csv; charset=utf-8", s.getBytes(StandardCharsets.UTF_8));
    }

    private static FullHttpResponse json(String s) {
        return Responses.bytes(HttpResponseStatus.OK, "application/json", s.getBytes(StandardCharsets.UTF_8));
    }
}

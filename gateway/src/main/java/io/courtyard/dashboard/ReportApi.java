package io.courtyard.dashboard;

import io.courtyard.billing.BillingException;
import io.courtyard.billing.Bills;
import io.courtyard.config.GatewayConfig;
import io.courtyard.http.OperatorRequest;
import io.courtyard.http.Responses;
import io.courtyard.store.Database;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.sql.Connection;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** {@code GET /api/report.pdf?month=&elevator=}: the monthly report as a PDF ({@link ReportPdf}). */
public final class ReportApi {
    private final GatewayConfig config;
    private final Database db;
    private final Bills bills;

    public ReportApi(GatewayConfig config, Database db) {
        this.config = config;
        this.db = db;
        this.bills = new Bills(config);
    }

    public FullHttpResponse handle(OperatorRequest r) throws Exception {
        YearMonth month;
        try {
            month = YearMonth.parse(r.param("month").orElse(""));
        } catch (DateTimeParseException e) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "month: YYYY-MM\n");
        }
        String elevator = r.param("elevator").orElse(null);
        if (elevator == null || config.devices().elevators().stream().noneMatch(e -> e.id().equals(elevator))) {
            return Responses.text(HttpResponseStatus.BAD_REQUEST, "elevator: one of this site's elevators\n");
        }
        var font = CjkFont.find();
        if (font.isEmpty()) {
            return Responses.text(
                    HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "no font with Chinese glyphs on this box: install fonts-wqy-microhei (looked for "
                            + CjkFont.CANDIDATES + ")\n");
        }
        MonthlyReport report;
        try (Connection c = db.connect()) {
            report = MonthlyReport.of(c, config, bills, month, elevator);
        } catch (BillingException e) {
            return Responses.text(HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage() + "\n");
        }
        FullHttpResponse res =
                Responses.bytes(HttpResponseStatus.OK, "application/pdf", new ReportPdf(font.get()).render(report));
        res.headers()
                .set(
                        HttpHeaderNames.CONTENT_DISPOSITION,
                        "attachment; filename=\"report-" + elevator + "-" + month + ".pdf\"");
        return res;
    }
}

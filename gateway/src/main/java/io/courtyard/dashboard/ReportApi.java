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
import java.nio.file.Path;
import java.sql.Connection;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /api/report.pdf?month=&elevator=}: the monthly report as a PDF ({@link ReportPdf}). */
public final class ReportApi {
    private static final Logger log = LoggerFactory.getLogger(ReportApi.class);

    private final GatewayConfig config;
    private final Database db;
    private final Bills bills;

    public ReportApi(GatewayConfig config, Database db) {
        this.config = config;
        this.db = db;
        this.bills = new Bills(config);
        // Said at start, not first when the committee asks for the month's PDF.
        if (CjkFont.find() instanceof CjkFont.Found.None none) {
            log.warn("the monthly report's PDF will be refused (503): {}", none.why());
        }
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
        CjkFont.Found found = CjkFont.find();
        if (found instanceof CjkFont.Found.None none) {
            return Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, none.why() + "\n");
        }
        Path font = ((CjkFont.Found.Font) found).file();
        MonthlyReport report;
        try (Connection c = db.connect()) {
            report = MonthlyReport.of(c, config, bills, month, elevator);
        } catch (BillingException e) {
            return Responses.text(HttpResponseStatus.UNPROCESSABLE_ENTITY, e.getMessage() + "\n");
        }
        FullHttpResponse res =
                Responses.bytes(HttpResponseStatus.OK, "application/pdf", new ReportPdf(font).render(report));
        res.headers()
                .set(
                        HttpHeaderNames.CONTENT_DISPOSITION,
                        "attachment; filename=\"report-" + elevator + "-" + month + ".pdf\"");
        return res;
    }
}

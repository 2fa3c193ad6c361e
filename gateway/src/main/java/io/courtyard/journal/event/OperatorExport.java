package io.courtyard.journal.event;

/**
 * An operator took data off the box: a CSV download or a PDF report.
 *
 * @param export {@code faults-csv}, {@code bill-csv}, {@code compare-csv} or {@code report-pdf}
 * @param query what was asked for (the request's query string)
 */
@Constant(name = "audit", value = "export", tag = true)
public record OperatorExport(@Tag String export, String query, String user, String role, String from) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

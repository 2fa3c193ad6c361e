package io.courtyard.journal.event;

/**
 * A monitor's fault message as received, before any debounce: the raw material of
 * {@link FaultChanged}.
 *
 * @param table the fault table the code belongs to
 * @param fault the fault type the table maps the code to, {@code unknown} when it maps none
 * @param report {@code raised} or {@code cleared}, as the monitor said
 */
@Constant(name = "state", value = "fault-report", tag = true)
public record FaultReported(
        @Tag String elevator,
        String table,
        String code,
        @Tag String fault,
        @Tag AlarmState report,
        @Nullable RawJson extra,
        @Nullable Boolean will)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

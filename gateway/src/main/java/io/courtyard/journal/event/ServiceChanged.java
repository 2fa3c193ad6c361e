package io.courtyard.journal.event;

/**
 * An elevator's service mode (inspection, maintenance, ...) began or ended, after its debounce: a
 * code of the fault table whose category is service, not fault.
 *
 * @param service the service type's id
 */
@Constant(name = "state", value = "service", tag = true)
public record ServiceChanged(@Tag String elevator, @Tag String service, @Tag Change change, String table, String code)
        implements Event {

    public enum Change {
        STARTED,
        ENDED
    }

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

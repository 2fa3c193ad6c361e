package io.courtyard.journal.event;

/**
 * A stored event whose body matches no declared type (a corrupt row, a type this release does
 * not know). Never appended; the reader makes one so that the event still travels, as
 * {@code "body": "<the stored text>"}, instead of blocking every cursor behind it.
 *
 * @param storedType the type column, null for a row written before types were stored
 * @param problem why it could not be read, for the log
 */
public record Unreadable(EventKind kind, String storedType, String body, String problem) implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

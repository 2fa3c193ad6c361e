package io.courtyard.journal.event;

/** Who a body is written for; decides which fields it carries and how (see {@link Privacy}). */
enum Audience {
    /** The journal on the box: every field in full. */
    JOURNAL,
    /** The upstream MQTT payload: everything but {@link Privacy#LOCAL} fields. */
    UPSTREAM,
    /** A log line: values that may not be logged are shown as {@link Privacy#LOG_MASK}. */
    LOG
}

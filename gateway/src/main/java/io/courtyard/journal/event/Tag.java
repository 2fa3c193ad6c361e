package io.courtyard.journal.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an event field an InfluxDB tag. Only fields with a small, bounded set of values may be
 * tags (decisions, reasons, states, floors): every distinct value makes a series. Untagged numbers
 * and booleans are fields; untagged text, lists and objects are not written to InfluxDB.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Tag {}

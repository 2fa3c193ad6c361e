package io.courtyard.journal.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A member every body of this event type carries with the same value, written first: it tells
 * the type apart from the others of its topic on the wire ({@code "state":"offline"},
 * {@code "alarm":"disk"}), as the bodies did before they were typed.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Constant {
    String name();

    String value();

    /** Written to InfluxDB as a tag (see {@link Tag}). */
    boolean tag() default false;
}

package io.courtyard.journal.event;

/**
 * A granted plate read whose event was not durable within the camera's timeout, so the barrier
 * stayed shut; {@code state} takes the grant's change of uses or position back.
 *
 * @param key the read's idempotency key, as in its {@link PlateReadDecided}
 * @param cause {@code journal-timeout} or {@code journal-failed}
 */
@Constant(name = "event", value = "plate-withheld", tag = true)
public record PlateWithheld(String camera, String key, @Tag String cause, @Nullable AccessDecided.StateChange state)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

package io.courtyard.journal.event;

/**
 * An operator cleared anti-passback positions; the device is {@code gateway}. The access-state
 * projection clears the same positions.
 *
 * @param subject the subject whose positions were cleared ({@code holder:ID}, ...); absent: everyone's
 * @param area the area cleared ({@code pair:ID}, {@code zone:ID}); absent: every area
 * @param source who asked ({@code operator:NAME})
 * @param cleared how many positions were cleared
 */
@Constant(name = "reset", value = "anti-passback", tag = true)
public record AntiPassbackReset(@Nullable String subject, @Nullable String area, String source, int cleared)
        implements Event {

    @Override
    public String toString() {
        return EventCodec.describe(this);
    }
}

package io.courtyard.config;

import io.courtyard.config.DevicesConfig.AntiPassback;
import java.util.List;

/** Local access rules that depend on how the devices are installed, not on who may pass. */
public record AccessConfig(List<GatePair> antiPassbackPairs) {
    public static final AccessConfig NONE = new AccessConfig(List.of());

    /**
     * Pedestrian anti-passback over two gates: a holder who entered through {@code entry} must
     * leave through {@code exit} before entering again (and the other way round).
     */
    public record GatePair(String id, String entry, String exit, AntiPassback mode) {}
}

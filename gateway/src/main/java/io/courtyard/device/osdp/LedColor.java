package io.courtyard.device.osdp;

/** Reader LED colours (OSDP 2.2 colour table). */
public enum LedColor {
    BLACK(0),
    RED(1),
    GREEN(2),
    AMBER(3),
    BLUE(4),
    MAGENTA(5),
    CYAN(6),
    WHITE(7);

    final int wire;

    LedColor(int wire) {
        this.wire = wire;
    }

    static LedColor of(int wire) {
        return wire >= 0 && wire < values().length ? values()[wire] : null;
    }
}

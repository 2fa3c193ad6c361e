package io.courtyard.ops;

import io.courtyard.cli.Main;

/** The gateway jar's entry point: the {@code courtyard} command line with this room's assembly for {@code run}. */
public final class Courtyard {
    private Courtyard() {}

    public static void main(String[] args) {
        System.exit(Main.main(Gateway::new, args));
    }
}

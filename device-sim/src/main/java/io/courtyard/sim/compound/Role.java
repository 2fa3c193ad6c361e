package io.courtyard.sim.compound;

/** Who a simulated person is, which decides their day. */
public enum Role {
    /** Out in the morning peak, back in the evening peak on workdays. */
    WORKER,
    /** Out early and around midday, riding home before lunch: the midday elevator traffic. */
    ELDERLY,
    /** School days like a worker's, earlier back. */
    CHILD,
    /** Property staff: cleaners and guards on their shifts, through the gates only. */
    STAFF,
    /** A lift crew: comes through a gate when a fault calls them out. */
    CREW
}

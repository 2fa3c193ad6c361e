package io.courtyard.sim.compound;

/**
 * One card holder of the simulated compound.
 *
 * @param holder the access list's holder id
 * @param household the household for residents, null for staff and crews
 * @param card the card number (H10301, facility {@link Compound#FACILITY})
 */
public record Person(String holder, Role role, String household, long card) {
    /** The access list's credential text for the card. */
    public String credential() {
        return "card:h10301/" + Compound.FACILITY + "/" + card;
    }
}

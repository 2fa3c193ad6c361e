package io.courtyard.sim.compound;

import io.courtyard.config.SiteConfig.Household;
import java.util.List;
import java.util.Optional;

/**
 * A household of the site configuration with the people and cars the model gave it.
 *
 * @param elevator the card-controlled elevator of its unit, if the configuration has one
 */
public record Home(Household household, Optional<String> elevator, List<Person> residents, List<String> plates) {
    public String id() {
        return household.id();
    }

    /** The group of the access list that lets its residents through the gates and into their unit's car. */
    public String group() {
        return "residents-" + household.building() + "-" + household.unit();
    }
}

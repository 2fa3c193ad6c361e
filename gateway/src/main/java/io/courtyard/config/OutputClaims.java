package io.courtyard.config;

import io.courtyard.config.DevicesConfig.Elevator;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.config.DevicesConfig.HallCall;
import io.courtyard.config.DevicesConfig.PdRef;
import java.util.HashMap;
import java.util.Map;

/**
 * One relay, one purpose: a strike, a floor enable, a floor selection or a hall call output that
 * another device also drives would open something nobody decided to open. Part of {@link CrossCheck}.
 */
final class OutputClaims {
    private final Problems problems;
    private final Map<String, String> owner = new HashMap<>();

    private OutputClaims(Problems problems) {
        this.problems = problems;
    }

    static void check(DevicesConfig d, Problems problems) {
        OutputClaims c = new OutputClaims(problems);
        for (Gate g : d.gates()) {
            c.claim(g.io(), g.strikeOutput(), "gate " + g.id() + "'s strike", g, "strikeOutput");
        }
        for (Elevator e : d.elevators()) {
            e.floorOutputs().forEach((f, o) -> c.claim(e.relays(), o, e.id() + " floor " + f, e, "floorOutputs"));
            e.selectOutputs()
                    .forEach((f, o) -> c.claim(e.relays(), o, e.id() + " selection of floor " + f, e, "selectOutputs"));
            for (HallCall h : e.hallCalls()) {
                c.claim(h.io(), h.output(), "hall call " + h.id(), h, "output");
            }
        }
    }

    private void claim(PdRef pd, int output, String what, Object item, String field) {
        String prev = owner.putIfAbsent(pd.bus() + "/" + pd.address() + "/" + output, what);
        if (prev != null && !prev.equals(what)) {
            problems.on(
                    item,
                    field,
                    "output " + output + " of bus '" + pd.bus() + "' address " + pd.address() + " is already " + prev);
        }
    }
}

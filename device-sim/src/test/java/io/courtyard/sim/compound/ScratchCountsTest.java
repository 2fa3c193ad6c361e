package io.courtyard.sim.compound;

import io.courtyard.config.ConfigLoader;
import io.courtyard.sim.testsupport.Repository;
import java.time.*;
import java.util.*;
import java.util.stream.*;
import org.junit.jupiter.api.Test;

class ScratchCountsTest {
    @Test
    void counts() throws Exception {
        var config = ConfigLoader.load(Repository.file("config/demo.yaml"));
        var p = MonthPlan.of(
                Compound.of(config, 1),
                YearMonth.of(2026, 10),
                ZoneId.of("Asia/Shanghai"),
                PlanSettings.realistic(1, Set.of(), Map.of()));
        Map<String, Long> byKind = p.happenings().stream()
                .collect(Collectors.groupingBy(
                        h -> h.getClass().getSimpleName() + "@" + h.lane(), TreeMap::new, Collectors.counting()));
        System.err.println("COUNTS " + p.happenings().size() + " " + byKind);
    }
}

package io.courtyard.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.FaultCatalog.Category;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The built-in fault vocabulary and the two code tables, as the issue and the README list them. */
class FaultCatalogTest {
    private final FaultCatalog catalog = FaultCatalog.builtIn();

    private Map<String, String> table(String id) {
        return catalog.tables().get(id).codes().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void theIotTerminalNumberingMapsCodesOneToFifteen() {
        assertThat(table("iot-terminal"))
                .containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                        Map.entry("1", "over-travel-top"),
                        Map.entry("2", "over-travel-bottom"),
                        Map.entry("3", "overspeed"),
                        Map.entry("4", "door-open-while-running"),
                        Map.entry("5", "moving-with-door-open"),
                        Map.entry("6", "stopped-outside-door-zone"),
                        Map.entry("7", "trapped-at-floor"),
                        Map.entry("8", "trapped-between-floors"),
                        Map.entry("9", "power-failure"),
                        Map.entry("10", "safety-circuit-open"),
                        Map.entry("11", "door-open-failure"),
                        Map.entry("12", "door-close-failure"),
                        Map.entry("13", "door-lock-circuit-open"),
                        Map.entry("14", "stuck-button"),
                        Map.entry("15", "abnormal-speed")));
    }

    @Test
    void theGovernmentPlatformNumberingMapsFaultsServiceEventsAndAlarms() {
        Map<String, String> t = table("gov-platform");
        assertThat(t).hasSize(20);
        assertThat(t).containsEntry("1", "safety-circuit-open").containsEntry("8", "restart-prevented");
        assertThat(t).containsEntry("41", "power-failure").containsEntry("47", "earthquake");
        assertThat(t).containsEntry("90", "passenger-alarm").containsEntry("93", "trapped-at-floor");
        for (String code : new String[] {"40", "42", "43", "44", "45", "46", "47"}) {
            assertThat(catalog.lookup("gov-platform", code).orElseThrow().category())
                    .as(code)
                    .isEqualTo(Category.SERVICE);
        }
    }

    @Test
    void onlyTheTrappedTypesRaiseTheTrappedPassengerAlarmAndTheirDebounceIsTwentySeconds() {
        assertThat(catalog.types().values().stream()
                        .filter(t ->
                                t.alarm().filter("trapped-passenger"::equals).isPresent())
                        .map(t -> t.id() + " " + t.debounce().toSeconds() + "s"))
                .containsExactlyInAnyOrder("trapped-at-floor 20s", "trapped-between-floors 20s");
        assertThat(catalog.types().get("stopped-outside-door-zone").debounce().toSeconds())
                .isEqualTo(45);
        assertThat(catalog.lookup("iot-terminal", "16")).isEmpty();
        assertThat(catalog.lookup("no-such-table", "1")).isEmpty();
    }

    @Test
    void everyTypeHasItsNamesInBothLanguagesAndASeverity() {
        assertThat(catalog.types().values()).allSatisfy(t -> {
            assertThat(t.en()).isNotBlank();
            assertThat(t.zh()).isNotBlank();
            assertThat(t.severity()).isIn("critical", "major", "minor", "info");
        });
        assertThat(catalog.vocabularyVersion()).isEqualTo(1);
    }
}

package io.courtyard.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.FaultCatalog;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every fault type the log can hold has an English and a Chinese name for the dashboard. */
class FaultNamesTest {
    private final FaultNames names = new FaultNames(FaultCatalog.builtIn());

    @Test
    void everyTypeTheGatewayRaisesItselfIsNamedInBothLanguages() {
        assertThat(FaultNames.GATEWAY.keySet()).isEqualTo(FaultTypes.DEFAULTS.keySet());
        FaultTypes.DEFAULTS.keySet().forEach(t -> {
            FaultNames.Name n = names.of(t);
            assertThat(n.en()).as(t).isNotBlank().isNotEqualTo(t);
            assertThat(n.zh()).as(t).isNotBlank().matches(".*\\p{IsHan}.*");
        });
        assertThat(names.of(FaultTypes.TRAPPED)).isEqualTo(new FaultNames.Name("passenger trapped", "困人"));
    }

    @Test
    void monitorTypesAndServiceModesAreNamedFromTheVocabulary() {
        FaultCatalog catalog = FaultCatalog.builtIn();
        catalog.types().values().forEach(t -> {
            String id = t.category() == FaultCatalog.Category.SERVICE ? FaultTypes.SERVICE_PREFIX + t.id() : t.id();
            assertThat(names.of(id)).as(id).isEqualTo(new FaultNames.Name(t.en(), t.zh()));
        });
        assertThat(names.of("overspeed").zh()).isEqualTo("超速");
        assertThat(names.of("service-inspection").zh()).isEqualTo("检修");
        Set<String> every = new HashSet<>(FaultNames.GATEWAY.keySet());
        catalog.types()
                .values()
                .forEach(t -> every.add(
                        t.category() == FaultCatalog.Category.SERVICE ? FaultTypes.SERVICE_PREFIX + t.id() : t.id()));
        assertThat(names.all().keySet()).isEqualTo(every);
    }

    @Test
    void aTypeNobodyNamedIsShownByItsId() {
        assertThat(names.of("vendor-code-E99")).isEqualTo(new FaultNames.Name("vendor-code-E99", "vendor-code-E99"));
    }
}

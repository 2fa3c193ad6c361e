package io.courtyard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.testsupport.ProjectFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code billing} and {@code faults} sections: the demo's values, and every mistake named with its line. */
class BillingConfigTest {
    static final Path FILE = ProjectFiles.config("demo.yaml");

    static String withBilling(String section) {
        String text = ProjectFiles.read(FILE);
        return text.substring(0, text.indexOf("\nbilling:")) + "\n" + section;
    }

    @Test
    void theDemoBillsElevatorOneOneWithItsCoefficientsExemptAndVacantFlats() throws Exception {
        GatewayConfig c = ConfigLoader.load(FILE);
        BillingConfig b = c.billing();
        assertThat(b.coefficient(7)).isEqualByComparingTo("1.1");
        assertThat(b.coefficient(12)).isZero();
        assertThat(b.exempt()).containsExactly("1-1-201");
        assertThat(b.minimumFen()).isEqualTo(500);
        assertThat(b.items()).extracting(BillingConfig.CostItem::amountFen).containsExactly(120_000L, 48_630L, 30_000L);
        assertThat(c.faults().rescueTarget()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.faults().flapHold()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.faults().uplinkDownHold()).as("the default").isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void theUplinkDownHoldIsReadAndOneTooShortIsRefusedAtItsLine() throws Exception {
        String text = ProjectFiles.read(FILE);
        String ok = text.replace("  flapHold: 2m\n", "  flapHold: 2m\n  uplinkDownHold: 90s\n");
        assertThat(ok).isNotEqualTo(text);
        assertThat(ConfigLoader.parse(FILE, ok).faults().uplinkDownHold()).isEqualTo(Duration.ofSeconds(90));
        String bad = text.replace("  flapHold: 2m\n", "  flapHold: 2m\n  uplinkDownHold: 1s\n");
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, bad))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(FILE + ":")
                .hasMessageContaining("faults.uplinkDownHold");
    }

    @Test
    void everyBillingMistakeIsReportedAtItsLine() {
        String bad =
                """
                billing:
                  exempt: ["1-1-999"]
                  minimum: 10.00
                  cap: 5.00
                  hybridFixedWeight: 1.5
                  items:
                    - {month: "2026-13", elevator: elevator-1-1, item: x, amount: 12.345, model: by-mood}
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, withBilling(bad)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    List<String> lines = ((ConfigException) e)
                            .problems().stream().map(ConfigProblem::toString).toList();
                    String all = String.join("\n", lines);
                    assertThat(all)
                            .contains("billing.exempt[0]: expected a household id of this site")
                            .contains("billing.cap: the cap is below the minimum")
                            .contains("billing.hybridFixedWeight: expected a number from 0 to 1")
                            .contains("billing.items[0].month: expected a month as YYYY-MM")
                            .contains("billing.items[0].amount: expected an amount in yuan")
                            .contains("billing.items[0].model: expected one of coefficient, rides, floors, hybrid");
                    assertThat(lines).allMatch(l -> l.startsWith(FILE + ":"));
                });
    }

    @Test
    void anItemOfAnUnknownElevatorOrListedTwiceIsRefused() {
        String bad =
                """
                billing:
                  items:
                    - {month: "2026-10", elevator: elevator-9-9, item: y, amount: 1, model: rides}
                    - {month: "2026-10", elevator: elevator-1-1, item: z, amount: 1, model: rides}
                    - {month: "2026-10", elevator: elevator-1-1, item: z, amount: 2, model: floors}
                """;
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, withBilling(bad)))
                .hasMessageContaining("billing.items[0].elevator: no elevator 'elevator-9-9'")
                .hasMessageContaining("item 'z' of elevator-1-1 in 2026-10 is listed twice");
    }
}

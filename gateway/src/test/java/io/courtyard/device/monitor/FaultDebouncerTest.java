package io.courtyard.device.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.config.FaultCatalog;
import io.courtyard.config.MonitoringConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultDebouncerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    /** A confirmation the debouncer asked for; the test plays the timer. */
    private record Asked(String code, long token, Duration delay, boolean[] cancelled) {}

    private final List<Asked> asked = new ArrayList<>();

    private FaultDebouncer debouncer(String table, Map<String, Duration> debounce) {
        MonitoringConfig config = new MonitoringConfig(
                Duration.ofMinutes(2), Duration.ofMinutes(5), debounce, FaultCatalog.builtIn(), Map.of());
        return new FaultDebouncer(table, config, (code, token, delay) -> {
            boolean[] cancelled = {false};
            asked.add(new Asked(code, token, delay, cancelled));
            return () -> cancelled[0] = true;
        });
    }

    @Test
    void trappedAtFloorBecomesAFaultOnlyAfterItsTwentySecondDebounce() {
        FaultDebouncer d = debouncer("iot-terminal", Map.of());
        assertThat(d.raise("7", T0)).isEmpty();
        assertThat(asked).singleElement().satisfies(a -> assertThat(a.delay()).isEqualTo(Duration.ofSeconds(20)));

        List<FaultChange> confirmed = d.confirm("7", asked.get(0).token());
        assertThat(confirmed).singleElement().isInstanceOfSatisfying(FaultChange.Raised.class, r -> {
            assertThat(r.type().id()).isEqualTo("trapped-at-floor");
            assertThat(r.type().alarm()).contains("trapped-passenger");
            assertThat(r.raisedAt()).isEqualTo(T0);
            assertThat(r.at()).isEqualTo(T0.plusSeconds(20));
        });
        assertThat(d.clear("7", T0.plusSeconds(95)))
                .singleElement()
                .isInstanceOfSatisfying(
                        FaultChange.Cleared.class, c -> assertThat(c.raisedAt()).isEqualTo(T0));
    }

    @Test
    void aCodeThatClearsWithinItsDebounceIsATransientAndItsTimerIsCancelled() {
        FaultDebouncer d = debouncer("iot-terminal", Map.of());
        d.raise("6", T0);
        assertThat(asked.get(0).delay()).isEqualTo(Duration.ofSeconds(45));
        assertThat(d.clear("6", T0.plusSeconds(30)))
                .singleElement()
                .isInstanceOfSatisfying(FaultChange.Transient.class, t -> {
                    assertThat(t.type().id()).isEqualTo("stopped-outside-door-zone");
                    assertThat(Duration.between(t.raisedAt(), t.at())).isEqualTo(Duration.ofSeconds(30));
                });
        assertThat(asked.get(0).cancelled()[0]).isTrue();
        // A timer that fires anyway (it raced the clear) confirms nothing.
        assertThat(d.confirm("6", asked.get(0).token())).isEmpty();
    }

    @Test
    void theConfigurationsDebounceOverridesTheVocabularysAndAStaleTimerConfirmsNothing() {
        FaultDebouncer d = debouncer("iot-terminal", Map.of("trapped-at-floor", Duration.ofSeconds(5)));
        d.raise("7", T0);
        d.clear("7", T0.plusSeconds(1));
        d.raise("7", T0.plusSeconds(2));
        assertThat(asked).extracting(Asked::delay).containsOnly(Duration.ofSeconds(5));
        assertThat(d.confirm("7", asked.get(0).token()))
                .as("the first raise's timer")
                .isEmpty();
        assertThat(d.confirm("7", asked.get(1).token())).hasSize(1);
    }

    @Test
    void faultsWithoutDebounceAreRaisedAtOnceAndARepeatedRaiseIsNotNews() {
        FaultDebouncer d = debouncer("iot-terminal", Map.of());
        assertThat(d.raise("1", T0)).singleElement().isInstanceOf(FaultChange.Raised.class);
        assertThat(d.raise("1", T0.plusSeconds(1))).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void anUnknownCodeIsKeptRaisedAtOnceAndClearedLikeAnyOther() {
        FaultDebouncer d = debouncer("iot-terminal", Map.of());
        assertThat(d.raise("77", T0)).singleElement().isInstanceOfSatisfying(FaultChange.Raised.class, r -> {
            assertThat(r.code()).isEqualTo("77");
            assertThat(r.type()).isNull();
        });
        assertThat(d.clear("77", T0.plusSeconds(3))).singleElement().isInstanceOf(FaultChange.Cleared.class);
    }

    @Test
    void aClearOfAFaultNeverSeenRaisedIsStillReportedWithoutARaiseTime() {
        FaultDebouncer d = debouncer("iot-terminal", Map.of());
        assertThat(d.clear("9", T0)).singleElement().isInstanceOfSatisfying(FaultChange.Cleared.class, c -> assertThat(
                        c.raisedAt())
                .isNull());
    }

    @Test
    void governmentPlatformServiceEventsStartAndEndAndBackToNormalEndsThemAll() {
        FaultDebouncer d = debouncer("gov-platform", Map.of());
        assertThat(d.raise("43", T0)).singleElement().isInstanceOfSatisfying(FaultChange.Service.class, s -> {
            assertThat(s.type().id()).isEqualTo("inspection");
            assertThat(s.started()).isTrue();
        });
        d.raise("44", T0);
        assertThat(d.raise("40", T0.plusSeconds(60)))
                .extracting(c -> ((FaultChange.Service) c).type().id() + ":" + ((FaultChange.Service) c).started())
                .containsExactly("inspection:false", "fire-return:false");
        // Mains off maps onto the vocabulary's power failure: a fault, debounced as one.
        d.raise("41", T0);
        assertThat(asked).singleElement().satisfies(a -> assertThat(a.code()).isEqualTo("41"));
    }

    @Test
    void aStatusListingTheActiveCodesRaisesTheNewAndClearsTheMissing() {
        FaultDebouncer d = debouncer("iot-terminal", Map.of());
        assertThat(d.active(List.of("1", "3"), T0)).hasSize(2);
        assertThat(d.active(List.of("3"), T0.plusSeconds(5)))
                .singleElement()
                .isInstanceOfSatisfying(
                        FaultChange.Cleared.class, c -> assertThat(c.code()).isEqualTo("1"));
        assertThat(d.active(List.of("3"), T0.plusSeconds(6))).isEmpty();
    }
}

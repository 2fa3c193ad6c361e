package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MixTest {
    @Test
    void everyWindowOfTheDealCarriesTheMixsProportion() {
        Mix mix = Mix.parse("cards=1,pushes=1,monitor=8");
        Mix.Dealer d = mix.dealer();
        for (int window = 0; window < 100; window++) {
            Map<Mix.Source, Integer> n = new EnumMap<>(Mix.Source.class);
            for (int i = 0; i < 10; i++) {
                n.merge(d.next(), 1, Integer::sum);
            }
            assertThat(n)
                    .containsEntry(Mix.Source.CARD, 1)
                    .containsEntry(Mix.Source.PUSH, 1)
                    .containsEntry(Mix.Source.MONITOR, 8);
        }
    }

    @Test
    void aSourceLeftOutIsNeverDealt() {
        Mix.Dealer d = Mix.parse("pushes=3").dealer();
        for (int i = 0; i < 50; i++) {
            assertThat(d.next()).isEqualTo(Mix.Source.PUSH);
        }
    }

    @Test
    void badMixesAreRefusedNamingWhatWasWrong() {
        assertThatThrownBy(() -> Mix.parse("cards=1,doors=2")).hasMessageContaining("doors");
        assertThatThrownBy(() -> Mix.parse("cards=-1")).hasMessageContaining("cards=-1");
        assertThatThrownBy(() -> Mix.parse("cards=0,pushes=0")).hasMessageContaining("not all 0");
    }

    @Test
    void gatewayJvmOptionsTypedWithRunsOfBlanksGiveNoEmptyOption() {
        MixedLoadCommand c = new MixedLoadCommand();
        new CommandLine(c).parseArgs("--gateway-jvm", " -Xmx256m  -XX:+UseSerialGC  ", "--rate", "10");

        assertThat(MixedLoadCommand.jvmOptions(c.gatewayJvm)).containsExactly("-Xmx256m", "-XX:+UseSerialGC");
    }

    @Test
    void timesReadAsTheCommandLineWritesThem() {
        assertThat(MixedLoadCommand.time("--duration", "5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(MixedLoadCommand.time("--duration", "90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(MixedLoadCommand.time("--journal-window", "0ms")).isEqualTo(Duration.ZERO);
        assertThat(MixedLoadCommand.time("--journal-window", "5ms")).isEqualTo(Duration.ofMillis(5));
        assertThat(MixedLoadCommand.time("--duration", "PT2M")).isEqualTo(Duration.ofMinutes(2));
        assertThatThrownBy(() -> MixedLoadCommand.time("--outage-at", "soon"))
                .hasMessageContaining("--outage-at")
                .hasMessageContaining("soon");
    }

    @Test
    void aJournalQuotaOtherThanMibOrGibIsRefusedBeforeAnythingStarts() {
        for (String bad : List.of("256", "256MB", "0MiB", "1.5GiB", "-1GiB")) {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new MixedLoadCommand());
            cl.setErr(new PrintWriter(err));

            assertThat(cl.execute("--rate", "10", "--journal-quota", bad))
                    .as(bad)
                    .isEqualTo(2);
            assertThat(err.toString()).contains("--journal-quota").contains(bad);
        }
    }
}

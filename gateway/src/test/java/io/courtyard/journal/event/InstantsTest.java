package io.courtyard.journal.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InstantsTest {
    @Test
    void readsWhatInstantToStringWritesExactlyAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(-2_000_000_000L, 8_000_000_000L);
            String text = Instant.ofEpochSecond(seconds, nanos(random, i)).toString();
            assertThat(Instants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void writesExactlyWhatInstantToStringWrites() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 200_000; i++) {
            // years -100 to 10100: the four-digit range and both sides of it
            long seconds = random.nextLong(-65_320_000_000L, 256_560_000_000L);
            Instant t = Instant.ofEpochSecond(seconds, nanos(random, i));
            assertThat(Instants.format(t)).as(t.toString()).isEqualTo(t.toString());
        }
        for (Instant t : new Instant[] {
            Instant.EPOCH,
            Instant.ofEpochSecond(-1),
            Instant.ofEpochSecond(-1, 999_999_999),
            Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("0000-01-01T00:00:00Z").minusNanos(1),
            Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1),
            Instant.parse("2028-02-29T23:59:59.120Z"),
            Instant.parse("2026-03-01T08:15:30.000001Z"),
            Instant.MIN,
            Instant.MAX
        }) {
            assertThat(Instants.format(t)).as(t.toString()).isEqualTo(t.toString());
        }
    }

    private static int nanos(SplittableRandom random, int i) {
        return switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
    }

    @Test
    void otherSpellingsGoToTheGeneralParser() {
        assertThat(Instants.parse("2026-03-01T08:15:30.1Z")).isEqualTo(Instant.parse("2026-03-01T08:15:30.100Z"));
        assertThat(Instants.parse("2028-02-29T23:59:59Z")).isEqualTo(Instant.parse("2028-02-29T23:59:59Z"));
        assertThat(Instants.parse("+12026-03-01T08:15:30Z")).isEqualTo(Instant.parse("+12026-03-01T08:15:30Z"));
        assertThat(Instants.parse("2026-03-01T08:15:30.Z")).isEqualTo(Instant.parse("2026-03-01T08:15:30Z"));
        // an offset is read as Instant.parse reads it (since Java 12), not refused
        assertThat(Instants.parse("2026-03-01T08:15:30+08:00")).isEqualTo(Instant.parse("2026-03-01T00:15:30Z"));
    }

    @Test
    void whatIsNoInstantIsRefused() {
        for (String bad : new String[] {
            "2026-02-30T08:15:30Z",
            "2026-03-01T24:15:30Z",
            "2026-03-01T08:15:60Z",
            "2026-03-0xT08:15:30Z",
            "2026-03-01 08:15:30Z",
            "yesterday"
        }) {
            assertThatThrownBy(() -> Instants.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class);
        }
    }
}

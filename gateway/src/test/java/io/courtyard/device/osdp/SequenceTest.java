package io.courtyard.device.osdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.courtyard.device.osdp.Sequence.Verdict;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SequenceTest {

    @Test
    void panelStartsAtZeroThenCountsOneTwoThreeOne() {
        Sequence s = new Sequence();
        assertThat(IntStream.range(0, 8).map(i -> s.next())).containsExactly(0, 1, 2, 3, 1, 2, 3, 1);
        assertThat(s.current()).isEqualTo(1);
    }

    @Test
    void resetStartsOverAtZero() {
        Sequence s = new Sequence();
        s.next();
        s.next();
        s.reset();
        assertThat(s.next()).isZero();
        assertThatThrownBy(() -> {
                    Sequence fresh = new Sequence();
                    fresh.current();
                })
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void pdJudgesIncomingNumbers() {
        assertThat(Sequence.judge(-1, 0)).isEqualTo(Verdict.RESET);
        assertThat(Sequence.judge(2, 0)).isEqualTo(Verdict.RESET);
        assertThat(Sequence.judge(0, 1)).isEqualTo(Verdict.NEW);
        assertThat(Sequence.judge(3, 1)).isEqualTo(Verdict.NEW);
        assertThat(Sequence.judge(2, 2)).isEqualTo(Verdict.REPEAT);
        assertThat(Sequence.judge(1, 3)).isEqualTo(Verdict.UNEXPECTED);
        assertThat(Sequence.judge(-1, 2)).isEqualTo(Verdict.UNEXPECTED);
    }
}

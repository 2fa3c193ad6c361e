package io.courtyard.device.lpr.push;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.access.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Answers are shared values: the camera ledger holds one per read, and they must not be a copy each. */
class AnswerTest {
    @Test
    void everyAnswerIsTheOneAskedForAndTheSameInstanceEachTime() {
        List<Reason> reasons = new ArrayList<>(List.of(Reason.values()));
        reasons.add(null);
        for (Reason r : reasons) {
            assertThat(Answer.open(r)).isEqualTo(new Answer(Answer.Kind.OPEN, r, false));
            assertThat(Answer.open(r)).isSameAs(Answer.open(r));
            for (boolean replay : new boolean[] {false, true}) {
                assertThat(Answer.shut(r, replay)).isEqualTo(new Answer(Answer.Kind.SHUT, r, replay));
                assertThat(Answer.shut(r, replay)).isSameAs(Answer.shut(r, replay));
            }
        }
        for (boolean replay : new boolean[] {false, true}) {
            assertThat(Answer.notRecorded(replay)).isEqualTo(new Answer(Answer.Kind.NOT_RECORDED, null, replay));
            assertThat(Answer.notRecorded(replay)).isSameAs(Answer.notRecorded(replay));
        }
        assertThat(Answer.shut(Reason.values()[0], true)).isNotSameAs(Answer.shut(Reason.values()[0], false));
        assertThat(Answer.open(Reason.values()[0]).opens()).isTrue();
        assertThat(Answer.shut(Reason.values()[0], false).opens()).isFalse();
    }
}

package io.courtyard.sim.load.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcSamplerTest {
    @Test
    void readsUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194368 0 0 0 0 17 1203 0 0 20 0 61 0 5 0 0";
        assertThat(ProcSampler.ticks(stat)).isEqualTo(17 + 1203);
        assertThat(ProcSampler.isJitCompiler(stat)).isTrue();

        String odd = "7 (a) b (c)) R 1 7 7 0 -1 0 0 0 0 0 5 6 0 0 20 0 1 0 5 0 0";
        assertThat(ProcSampler.ticks(odd)).isEqualTo(11);
        assertThat(ProcSampler.isJitCompiler(odd)).isFalse();
        assertThat(ProcSampler.isJitCompiler("9 (C1 CompilerThre) S 1 9 9 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 0"))
                .isTrue();
        assertThat(ProcSampler.isJitCompiler("9 (netty-io-1) S 1 9 9 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 5 0 0"))
                .isFalse();
    }

    @Test
    void thisJvmsCompilerThreadsArePartOfItsCpuTime() throws Exception {
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) {
            sum += Integer.toString(i).hashCode(); // something for the JIT to compile
        }
        try (ProcSampler sampler = new ProcSampler(ProcessHandle.current().pid())) {
            ProcSampler.Sample s = sampler.read();
            assertThat(s).isNotNull();
            assertThat(s.jitNanos()).as("this JVM has compiled (sum %d)", sum).isPositive();
            assertThat(s.jitNanos()).isLessThanOrEqualTo(s.cpuNanos());
            assertThat(s.rssBytes()).isPositive();
        }
    }
}

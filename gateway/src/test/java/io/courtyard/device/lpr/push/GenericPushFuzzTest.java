package io.courtyard.device.lpr.push;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.testsupport.FuzzBudget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** Any request body and Content-Type on a Generic camera's URL (generic JSON push or heartbeat): see {@link PushFuzzing}. */
@Tag("fuzz")
class GenericPushFuzzTest {
    private static final FuzzBudget BUDGET = new FuzzBudget("GenericFormat.decode", 4 << 20, 256);

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyPushIsReadOrRefusedAsMalformed(byte[] data) throws Exception {
        PushFuzzing.decodeHoldsTheContract(GenericFormat.INSTANCE, data, BUDGET);
    }
}

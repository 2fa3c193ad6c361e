package io.courtyard.device.lpr.push;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.testsupport.FuzzBudget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** Any request body and Content-Type on a Vzenith camera's URL (JSON plate push, form-data heartbeat or IO trigger): see {@link PushFuzzing}. */
@Tag("fuzz")
class VzenithPushFuzzTest {
    private static final FuzzBudget BUDGET = new FuzzBudget("VzenithFormat.decode", 4 << 20, 256);

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyPushIsReadOrRefusedAsMalformed(byte[] data) throws Exception {
        PushFuzzing.decodeHoldsTheContract(VzenithFormat.INSTANCE, data, BUDGET);
    }
}

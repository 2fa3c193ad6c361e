package io.courtyard.device.lpr.push;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.courtyard.testsupport.FuzzBudget;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** Any request body and Content-Type on a Hikvision camera's URL (ISAPI ANPR alert, multipart with anpr.xml or the XML alone): see {@link PushFuzzing}. */
@Tag("fuzz")
class HikvisionPushFuzzTest {
    private static final FuzzBudget BUDGET = new FuzzBudget("HikvisionFormat.decode", 4 << 20, 256);

    @FuzzTest(maxDuration = "10s")
    @Timeout(10)
    void anyPushIsReadOrRefusedAsMalformed(byte[] data) throws Exception {
        PushFuzzing.decodeHoldsTheContract(HikvisionFormat.INSTANCE, data, BUDGET);
    }
}

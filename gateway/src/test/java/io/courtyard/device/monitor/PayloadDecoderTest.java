package io.courtyard.device.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadDecoderTest {
    private final PayloadDecoder ours = new PayloadDecoder(Map.of());

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFullStatusDecodesIntoOurVocabulary() throws Exception {
        Payload.Status p = ours.status(
                json(
                        """
                {"ts":"2026-03-01T16:15:30.120+08:00","running":true,"direction":"UP","floor":"7","door":"Closed",
                 "passenger":1,"power":"mains","mode":"OUT_OF_SERVICE","speed":1.5,"runCount":120345,
                 "doorCycles":230123,"faults":[7,"E12"],"vendorTemp":41}
                """));
        MonitorStatus s = p.status();
        assertThat(p.ts()).isEqualTo(Instant.parse("2026-03-01T08:15:30.120Z"));
        assertThat(s)
                .isEqualTo(new MonitorStatus(
                        "running",
                        "up",
                        7,
                        "closed",
                        true,
                        "mains",
                        "out-of-service",
                        1.5,
                        120345L,
                        230123L,
                        java.util.List.of("7", "E12")));
        assertThat(p.extra().toString()).isEqualTo("{\"vendorTemp\":41}");
    }

    @Test
    void epochMillisAndEpochSecondsAreBothTimes() throws Exception {
        assertThat(ours.status(json("{\"ts\":1772352930120,\"floor\":1}")).ts())
                .isEqualTo(Instant.ofEpochMilli(1772352930120L));
        assertThat(ours.status(json("{\"ts\":1772352930,\"floor\":1}")).ts())
                .isEqualTo(Instant.ofEpochSecond(1772352930L));
        assertThat(ours.status(json("{\"floor\":1}")).ts())
                .as("no ts: the gateway's time is used")
                .isNull();
    }

    @Test
    void aFirmwaresOwnFieldNamesAreMappedThroughItsFieldMap() throws Exception {
        PayloadDecoder acme = new PayloadDecoder(Map.of("lc", "floor", "mzt", "door", "gzdm", "code"));
        assertThat(acme.status(json("{\"lc\":12,\"mzt\":\"open\"}")).status().floor())
                .isEqualTo(12);
        assertThat(acme.fault(json("{\"gzdm\":7}")).code()).isEqualTo("7");
        assertThatThrownBy(() -> acme.status(json("{\"lc\":12,\"floor\":3}")))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining("field floor: given twice");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "not JSON            | {floor:3                 | not JSON",
                "a list              | [1,2]                    | expected a JSON object, found ARRAY",
                "a half floor        | {\"floor\":3.5}          | field floor: expected an integer from -99 to 999, found 3.5",
                "a floor in words    | {\"floor\":\"roof\"}     | field floor: expected a number, found \"roof\"",
                "an unknown door     | {\"door\":\"ajar\"}      | field door: expected one of [closed, closing, open, opening], found \"ajar\"",
                "a negative counter  | {\"runCount\":-1}        | field runCount: expected a whole number >= 0, found -1",
                "a bad time          | {\"ts\":\"yesterday\",\"floor\":1} | field ts: expected an ISO-8601 time",
                "a boolean as a text | {\"passenger\":\"yes\"} | field passenger: expected true or false",
                "no status field     | {\"temp\":40}            | no status field",
                "faults not a list   | {\"faults\":7}           | field faults: expected a list",
                "a duplicate field   | {\"floor\":1,\"floor\":2} | Duplicate field 'floor'",
            })
    void aStatusThatBreaksTheSchemaIsRefusedNamingTheFieldAndTheValue(String what, String payload, String message) {
        assertThatThrownBy(() -> ours.status(json(payload)))
                .isInstanceOf(PayloadException.class)
                .hasMessageContaining(message.strip());
    }

    @Test
    void aFaultNeedsACodeAndItsStateIsRaisedOrCleared() throws Exception {
        assertThat(ours.fault(json("{\"code\":\"93\"}")).raised()).isTrue();
        assertThat(ours.fault(json("{\"code\":93,\"state\":\"CLEARED\"}")).raised())
                .isFalse();
        assertThatThrownBy(() -> ours.fault(json("{\"state\":\"raised\"}")))
                .hasMessageContaining("field code: missing");
        assertThatThrownBy(() -> ours.fault(json("{\"code\":7,\"state\":\"on\"}")))
                .hasMessageContaining("field state: expected one of [cleared, raised], found \"on\"");
        assertThatThrownBy(() -> ours.fault(json("{\"code\":\"7; DROP TABLE\"}")))
                .hasMessageContaining("field code: expected a fault code");
    }
}

package io.courtyard.device.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.device.mqtt.TopicAcl.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicAclTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            nullValues = "null",
            value = {
                "devices/m1/status, status",
                "devices/m1/a/b, a/b",
                "devices/m1/, null",
                "devices/m1, null",
                "devices/m10/status, null",
                "devices/m2/status, null",
                "Devices/m1/status, null",
                "devices/m1/../m2/status, ../m2/status",
            })
    void aDevicePublishesUnderItsOwnRootOnly(String topic, String subtopic) {
        assertThat(TopicAcl.subtopic("m1", topic)).isEqualTo(subtopic);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "devices/m1/cmd/#, ALLOWED",
        "devices/m1/cmd/+, ALLOWED",
        "devices/m1/cmd/reboot, ALLOWED",
        "devices/m1/cmd, NOT_AUTHORIZED",
        "devices/m1/#, NOT_AUTHORIZED",
        "devices/+/cmd/#, NOT_AUTHORIZED",
        "devices/m2/cmd/#, NOT_AUTHORIZED",
        "#, NOT_AUTHORIZED",
        "devices/m1/cmd/#/x, INVALID_FILTER",
        "devices/m1/cmd/a+, INVALID_FILTER",
        "$share/g/devices/m1/cmd/#, SHARED_NOT_SUPPORTED",
    })
    void aDeviceSubscribesUnderItsOwnCommandsOnly(String filter, Verdict verdict) {
        assertThat(TopicAcl.subscribe("m1", filter)).isEqualTo(verdict);
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
        "devices/m1/cmd/#, devices/m1/cmd/reboot, true",
        "devices/m1/cmd/#, devices/m1/cmd, true",
        "devices/m1/cmd/+, devices/m1/cmd/a/b, false",
        "devices/m1/cmd/reboot, devices/m1/cmd/reboot, true",
        "devices/m1/cmd/reboot, devices/m1/cmd/status, false",
    })
    void commandsGoWhereTheFilterMatches(String filter, String topic, boolean matches) {
        assertThat(TopicAcl.matches(filter, topic)).isEqualTo(matches);
    }
}

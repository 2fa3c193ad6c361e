package io.courtyard.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.EventCodec;
import io.courtyard.journal.event.EventType;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upstream contract, pinned: the MQTT payload of one event of every type, byte for byte, in
 * {@code gateway/src/test/resources/wire/TYPE.json}. A change to a record that changes what
 * upstream receives fails here; when it is meant (and the README says so), rewrite the files with
 * {@code -Dwire.update=true} and review the diff.
 */
class WireGoldenTest {
    static final Path DIR = Path.of("gateway/src/test/resources/wire");

    /** The device of each sample, as the gateway journals it. */
    static final Map<EventType, String> DEVICES = Map.ofEntries(
            Map.entry(EventType.ACCESS_DECIDED, "east-entry"),
            Map.entry(EventType.RIDE_RECORDED, "elevator-3-1"),
            Map.entry(EventType.DOOR_ALARM, "north-gate"),
            Map.entry(EventType.TAMPER_ALARM, "elevator-3-1"),
            Map.entry(EventType.EMERGENCY_CHANGED, "gateway"),
            Map.entry(EventType.DISK_ALARM, "gateway"),
            Map.entry(EventType.CLOCK_ALARM, "gateway"),
            Map.entry(EventType.ACL_APPLIED, "gateway"),
            Map.entry(EventType.ACL_REFUSED, "gateway"),
            Map.entry(EventType.COMMAND_REFUSED, "gateway"),
            Map.entry(EventType.GATEWAY_STARTED, "gateway"),
            Map.entry(EventType.GATEWAY_RESTORED, "gateway"),
            Map.entry(EventType.CLOCK_SKEW, "north-gate-cam"),
            Map.entry(EventType.DEVICE_ONLINE, "north-gate-reader"),
            Map.entry(EventType.DEVICE_OFFLINE, "north-gate-reader"),
            Map.entry(EventType.DEVICE_STATUS, "north-gate-reader"),
            Map.entry(EventType.GATE_INPUT, "north-gate"),
            Map.entry(EventType.BILL_ISSUED, "elevator-3-1"),
            Map.entry(EventType.FAULT_LIFECYCLE, "elevator-3-1-monitor"),
            Map.entry(EventType.USAGE_SUMMARY, "elevator-3-1"),
            Map.entry(EventType.OPERATOR_LOGIN, "operators"),
            Map.entry(EventType.OPERATOR_LOGOUT, "operators"),
            Map.entry(EventType.OPERATOR_ACTION, "operators"),
            Map.entry(EventType.OPERATOR_EXPORT, "operators"));

    private final UplinkJson json = new UplinkJson();

    static JournalEvent published(Event e) {
        return new JournalEvent(
                81442,
                "willow-court-3f9a1c2e-81442",
                DEVICES.get(e.eventType()),
                SampleEvents.AT,
                SampleEvents.AT.plusMillis(11),
                e);
    }

    @Test
    void theUpstreamPayloadOfEveryEventTypeIsPinned() throws Exception {
        boolean update = Boolean.getBoolean("wire.update");
        for (Event e : SampleEvents.all().values()) {
            Path golden = ProjectFiles.root().resolve(DIR).resolve(e.eventType().wire() + ".json");
            String payload = new String(json.event(published(e)), StandardCharsets.UTF_8) + "\n";
            if (update) {
                Files.createDirectories(golden.getParent());
                Files.writeString(golden, payload);
            }
            assertThat(golden).as("golden file of %s", e.eventType()).exists();
            assertThat(payload).as("%s", golden).isEqualTo(Files.readString(golden));
        }
        try (var files = Files.list(ProjectFiles.root().resolve(DIR))) {
            assertThat(files.count())
                    .as("one golden file per type, none stale")
                    .isEqualTo(SampleEvents.all().size());
        }
    }

    @Test
    void aPinnedPayloadsMembersAfterTheEnvelopeAreTheStoredBodyAndReadBackAsTheRecord() throws Exception {
        for (Event e : SampleEvents.all().values()) {
            String payload = Files.readString(ProjectFiles.root()
                            .resolve(DIR)
                            .resolve(e.eventType().wire() + ".json"))
                    .strip();
            String body = EventCodec.encode(e);
            assertThat(payload).endsWith("," + body.substring(1));
            assertThat(EventCodec.decode(e.kind(), null, body)).isEqualTo(e);
        }
    }
}

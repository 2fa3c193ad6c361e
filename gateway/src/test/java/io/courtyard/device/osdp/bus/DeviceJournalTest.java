package io.courtyard.device.osdp.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.device.Bytes;
import io.courtyard.device.osdp.CheckMode;
import io.courtyard.device.osdp.PdCapabilities;
import io.courtyard.device.osdp.PdId;
import io.courtyard.journal.JournalEvent;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.DeviceOnline;
import io.courtyard.journal.event.DeviceStatus;
import io.courtyard.journal.event.EventKind;
import io.courtyard.journal.event.KeyProvisioned;
import io.courtyard.journal.event.SecureChannelViolation;
import io.courtyard.testsupport.TestJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** PD state changes reach a real SQLite journal as DEVICE events, with the PD's configured id. */
@Timeout(30)
class DeviceJournalTest {
    private static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    private static final Pd PD = new Pd("north-gate-reader", "gates-bus", 1);

    @TempDir
    Path dir;

    @Test
    void onlineOfflineAndTamperAreJournaledAsDeviceEvents() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "test")) {
            DeviceJournal journal = new DeviceJournal(j.journal(), Clock.fixed(NOW, ZoneOffset.UTC));
            PdId id = new PdId(Bytes.fromHex("0a5c26"), 1, 1, 4242, 2, 2, 0);
            journal.online(PD, new PdInfo(id, PdCapabilities.of(), CheckMode.CRC, PdInfo.Security.SECURE_CHANNEL));
            journal.localStatus(PD, true, false, NOW.plusSeconds(1));
            journal.offline(PD, "no reply to 8 attempts");

            // Appends complete on the writer thread; the class timeout bounds this wait.
            List<JournalEvent> events = new ArrayList<>();
            while (events.size() < 3) {
                events.addAll(j.source("test").next(10, 5_000));
            }
            assertThat(events).extracting(JournalEvent::kind).containsOnly(EventKind.DEVICE);
            assertThat(events).extracting(JournalEvent::deviceId).containsOnly("north-gate-reader");
            assertThat(events.get(0).event())
                    .isEqualTo(new DeviceOnline(
                            PD.bus(), PD.address(), "secure_channel", "crc", "0a5c26", 1, 4242, "2.2.0"));
            assertThat(events.get(1).event()).isEqualTo(new DeviceStatus(PD.bus(), PD.address(), true, false));
            assertThat(events.get(1).ts()).isEqualTo(NOW.plusSeconds(1));
            assertThat(events.get(2).event())
                    .isEqualTo(new DeviceOffline(PD.bus(), PD.address(), "no reply to 8 attempts"));
        }
    }

    @Test
    void aSecureChannelViolationIsAnAlarmAndAProvisionedKeyADeviceEventWithoutTheKey() throws Exception {
        try (TestJournal j = TestJournal.open(dir, "test")) {
            DeviceJournal journal = new DeviceJournal(j.journal(), Clock.fixed(NOW, ZoneOffset.UTC));
            journal.secureChannelViolation(
                    PD, Violation.PLAINTEXT, "answered RawCardData without a MAC", 3, NOW.plusSeconds(2));
            journal.keyProvisioned(PD, NOW.plusSeconds(3));

            List<JournalEvent> events = new ArrayList<>();
            while (events.size() < 2) {
                events.addAll(j.source("test").next(10, 5_000));
            }
            JournalEvent alarm = events.get(0);
            assertThat(alarm.kind()).as("jumps the upstream backlog").isEqualTo(EventKind.ALARM);
            assertThat(alarm.deviceId()).isEqualTo("north-gate-reader");
            assertThat(alarm.ts()).isEqualTo(NOW.plusSeconds(2));
            assertThat(alarm.event())
                    .isEqualTo(new SecureChannelViolation(
                            "plaintext", "answered RawCardData without a MAC", 3, "gates-bus", 1));
            assertThat(alarm.body()).startsWith("{\"alarm\":\"secure-channel\",\"violation\":\"plaintext\"");
            JournalEvent provisioned = events.get(1);
            assertThat(provisioned.kind()).isEqualTo(EventKind.DEVICE);
            assertThat(provisioned.event()).isEqualTo(new KeyProvisioned("gates-bus", 1));
            assertThat(provisioned.body())
                    .as("state, bus and address: nothing a key could hide in")
                    .isEqualTo("{\"state\":\"key-provisioned\",\"bus\":\"gates-bus\",\"address\":1}");
        }
    }
}

package io.courtyard.faults;

import io.courtyard.journal.EventDraft;
import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DeviceOffline;
import io.courtyard.journal.event.DeviceOnline;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.journal.event.Event;
import io.courtyard.journal.event.FaultChanged;
import io.courtyard.journal.event.PassengerAlarm;
import io.courtyard.journal.event.RideRecorded;
import io.courtyard.testsupport.FaultLog;
import io.courtyard.testsupport.SettableClock;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.Semaphore;

/**
 * A separate process for {@code ProjectionCrashIT}: the usage and fault projections and the fault
 * outbox running over a journal while events of every kind they read are appended under load, until
 * the test kills it with SIGKILL.
 */
public final class ProjectionCrashProbe {
    private ProjectionCrashProbe() {}

    static final String[] GATES = {"north-gate", "south-gate", "west-gate"};
    static final String[] READERS = {"elevator-1-1-reader", "elevator-3-1-reader", "north-gate-reader"};

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int round = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
        FaultLog log =
                FaultLog.open(dir, new SettableClock(Instant.parse("2026-10-01T00:00:00Z")), ProjectionCrashIT.QUOTA);
        Random rnd = new Random(round);
        Instant t = Instant.parse("2026-10-01T00:00:00Z").plusSeconds(86_400L * 3 * round);
        Semaphore inFlight = new Semaphore(2000);
        out.println("STARTED");
        for (long i = 0; ; i++) {
            inFlight.acquire();
            t = t.plusMillis(200 + rnd.nextInt(2000));
            String device;
            Event e;
            int k = rnd.nextInt(100);
            if (k < 80) {
                int floor = 2 + rnd.nextInt(6);
                device = rnd.nextBoolean() ? "elevator-1-1" : "elevator-3-1";
                String household = device.substring(9) + "-" + floor + "0" + (1 + rnd.nextInt(2));
                e = new RideRecorded(
                        device,
                        device.substring(9, 10),
                        "1",
                        "card",
                        null,
                        null,
                        null,
                        "resident",
                        rnd.nextInt(10) == 0 ? null : household,
                        1,
                        false,
                        floor,
                        null,
                        t,
                        "granted",
                        1);
            } else if (k < 88) {
                device = GATES[rnd.nextInt(GATES.length)];
                e = new DoorAlarm(
                        rnd.nextBoolean() ? DoorAlarm.Alarm.DOOR_FORCED_OPEN : DoorAlarm.Alarm.DOOR_HELD_OPEN,
                        rnd.nextBoolean() ? AlarmState.RAISED : AlarmState.CLEARED,
                        device,
                        null,
                        t,
                        null);
            } else if (k < 95) {
                device = READERS[rnd.nextInt(READERS.length)];
                e = rnd.nextBoolean()
                        ? new DeviceOffline("bus", 1, "no reply")
                        : new DeviceOnline("bus", 1, "clear", "crc", "5c2623", 1, 1L, "1.0");
            } else if (k < 98) {
                device = "monitor-1-1";
                FaultChanged.State s = FaultChanged.State.values()[rnd.nextInt(3)];
                e = new FaultChanged(
                        "door-close-failure",
                        s,
                        "elevator-1-1",
                        "E21",
                        "iot-terminal",
                        1,
                        "major",
                        null,
                        null,
                        t,
                        null,
                        null,
                        null);
            } else {
                device = "monitor-3-1";
                e = new PassengerAlarm(
                        "trapped-passenger",
                        rnd.nextBoolean() ? AlarmState.RAISED : AlarmState.CLEARED,
                        "elevator-3-1",
                        "3",
                        "1",
                        "trapped-at-floor",
                        "E07",
                        "gov-platform",
                        t,
                        null,
                        null,
                        null,
                        null);
            }
            log.journal()
                    .journal()
                    .append(new EventDraft(device, t, t, e))
                    .whenComplete((ok, error) -> inFlight.release());
            if (i % 1000 == 0) {
                out.println("APPENDED " + i);
            }
        }
    }
}

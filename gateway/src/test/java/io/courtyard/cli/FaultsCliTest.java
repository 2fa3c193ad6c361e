package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.journal.event.AlarmState;
import io.courtyard.journal.event.DoorAlarm;
import io.courtyard.testsupport.FaultLog;
import io.courtyard.testsupport.ProjectFiles;
import io.courtyard.testsupport.SettableClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code courtyard faults} and {@code courtyard usage} on a stopped gateway's state directory. */
@Timeout(60)
class FaultsCliTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine(CliTest.NO_GATEWAY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = ProjectFiles.config("demo.yaml").toString();
        all[args.length + 2] = "--state-dir";
        all[args.length + 3] = dir.toString();
        return cli.execute(all);
    }

    @Test
    void theCrewListsOpenFaultsAcknowledgesOneOfflineAndSeesItAppliedWhenTheGatewayRuns() throws Exception {
        Instant t = Instant.parse("2026-10-12T01:00:00Z");
        String id;
        try (FaultLog log = FaultLog.open(dir, new SettableClock(t))) {
            id = "f-"
                    + log.append(
                                    "west-gate",
                                    t,
                                    new DoorAlarm(
                                            DoorAlarm.Alarm.DOOR_FORCED_OPEN,
                                            AlarmState.RAISED,
                                            "west-gate",
                                            "West gate",
                                            t,
                                            null))
                            .seq();
            log.settle();
        }
        assertThat(run("faults", "--open")).as(err::toString).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains(id)
                .contains("open")
                .contains("west-gate")
                .contains("door-forced-open");

        assertThat(run("faults", "ack", id, "--by", "li.ming", "--note", "checking the strike"))
                .as(err::toString)
                .isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("journaled; the gateway applies it when it starts");
        assertThat(run("faults", "ack", "f-424242", "--by", "li.ming")).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("no fault f-424242");

        try (FaultLog log = FaultLog.open(dir, new SettableClock(t))) {
            log.settle();
        }
        assertThat(run("faults", "--format", "csv", "--device", "west-gate")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .startsWith("id,device,type,severity,state,")
                .contains(",acknowledged,")
                .contains("li.ming");
        assertThat(run("faults", "--format", "json", "--state", "acknowledged")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"acknowledgedBy\":\"li.ming\"");
        assertThat(run("faults", "stats", "--from", "2026-10-01T00:00:00Z", "--to", "2026-11-01T00:00:00Z"))
                .isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"faults\" : 1").contains("\"elevator-1-1\" : 1.0");
        assertThat(run("usage", "--month", "2026-10")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("\"month\" : \"2026-10\"").contains("\"elevator\" : \"elevator-3-1\"");
    }
}

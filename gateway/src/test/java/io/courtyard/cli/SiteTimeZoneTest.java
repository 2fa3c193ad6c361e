package io.courtyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.testsupport.ProjectFiles;
import java.nio.file.Path;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules follow the site's time zone (demo-court: Asia/Shanghai), not the box's: a gateway
 * whose system zone is UTC or New York still opens office hours at 08:00 in Shanghai (the group
 * then asks for its PIN; before 08:00 it refuses as outside the schedule).
 */
@Timeout(60)
class SiteTimeZoneTest {
    /** c-wang (staff, office hours: weekdays 08:00-12:00 and 13:00-18:00) at the north gate. */
    private static final String WANG = "card:h10301/12/2001";

    @TempDir
    Path dir;

    private String out = "";

    private int run(String... args) {
        CliRun r = CliRun.of(args);
        out = r.out();
        return r.exit();
    }

    private String explainAt(String instant) {
        int code = run(
                "acl",
                "explain",
                "--config",
                demo(),
                "--state-dir",
                state(),
                "--credential",
                WANG,
                "--device",
                "north-gate",
                "--at",
                instant);
        assertThat(code).as(() -> out).isZero();
        return out;
    }

    @Test
    void officeHoursOpenAtEightInShanghaiWhateverTheSystemZone() {
        assertThat(run(
                        "acl",
                        "import",
                        ProjectFiles.config("acl-example.json").toString(),
                        "--config",
                        demo(),
                        "--state-dir",
                        state()))
                .isZero();
        TimeZone before = TimeZone.getDefault();
        try {
            for (String system : new String[] {"UTC", "America/New_York", "Asia/Shanghai", "Pacific/Kiritimati"}) {
                TimeZone.setDefault(TimeZone.getTimeZone(system));
                // Monday 2026-03-02 07:30 in Shanghai (23:30 UTC on Sunday): before office hours.
                assertThat(explainAt("2026-03-01T23:30:00Z"))
                        .as("system zone %s", system)
                        .startsWith("decision:   DENY")
                        .contains("reason:     outside-schedule");
                // 09:30 in Shanghai, Sunday 20:30 in New York: the schedule is open, the group's PIN is next.
                assertThat(explainAt("2026-03-02T01:30:00Z"))
                        .as("system zone %s", system)
                        .contains("reason:     pin-required")
                        .contains("(2026-03-02T09:30)");
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }

    private static String demo() {
        return ProjectFiles.config("demo.yaml").toString();
    }

    private String state() {
        return dir.resolve("state").toString();
    }
}

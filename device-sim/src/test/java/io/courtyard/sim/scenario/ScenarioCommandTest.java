package io.courtyard.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.courtyard.sim.SimMain;
import io.courtyard.sim.testsupport.Repository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ScenarioCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return new CommandLine(new SimMain())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void listNamesEveryScenarioOfTheIssueIncludingMonthBill() {
        assertThat(run("scenario", "--list")).isZero();
        assertThat(out.toString().lines().map(l -> l.split(" ")[0]))
                .containsExactly(
                        "resident-day",
                        "visitor-flow",
                        "parking-full",
                        "trapped-passenger",
                        "uplink-outage",
                        "gateway-crash",
                        "revocation",
                        "attack",
                        "month-bill");
    }

    @Test
    void anUnknownScenarioIsBadUsageAndStartsNothing() {
        assertThat(run("scenario", "tea-party", "--work-dir", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no scenario 'tea-party'");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void monthBillOnASiteThatIsNotARehearsalFailsItsFirstCheckAndStartsNoProcess() throws Exception {
        String demo = Files.readString(Repository.file("config/demo.yaml"));
        assertThat(demo).contains("simulation: true");
        Path site = Files.writeString(dir.resolve("site.yaml"), demo.replace("simulation: true", "simulation: false"));
        Path work = dir.resolve("work");
        int exit = run("scenario", "month-bill", "--short", "--config", site.toString(), "--work-dir", work.toString());
        assertThat(exit).as(out.toString()).isEqualTo(1);
        assertThat(out.toString())
                .contains("FAIL month-bill: the site rehearses on a simulated clock")
                .contains("no site.simulation: true")
                .contains("FAILED month-bill: 1 checks, 1 failed");
        assertThat(work.resolve("demo.log")).doesNotExist();
    }

    @Test
    void aMissingSiteFileIsBadUsage() {
        assertThat(run(
                        "scenario",
                        "attack",
                        "--config",
                        dir.resolve("nope.yaml").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no configuration file").contains("nope.yaml");
    }

    @Test
    void checksWithoutAnyCheckOrWithOneFailureHaveNotPassed() {
        Checks none = new Checks("x", new PrintWriter(new StringWriter()));
        assertThat(none.passed()).isFalse();
        Checks some = new Checks("x", new PrintWriter(out, true));
        some.check("one", true, "");
        some.equal("two", 2, 3);
        assertThat(some.passed()).isFalse();
        assertThat(out.toString()).contains("PASS x: one").contains("FAIL x: two (expected 2, found 3)");
    }
}

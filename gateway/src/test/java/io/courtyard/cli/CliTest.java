package io.courtyard.cli;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.courtyard.testsupport.ProjectFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The {@code courtyard} command line, run in-process through picocli with captured output. */
@Timeout(30)
class CliTest {
    /** Unknown key (line 8), out-of-range port (line 9) and wrong type (line 11). */
    private static final String THREE_ERRORS = ProjectFiles.THREE_ERRORS;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** These tests never get as far as a running gateway: every path here stops before assembly. */
    static final Assembly NO_GATEWAY = (config, clock) -> {
        throw new AssertionError("a gateway was assembled");
    };

    private int run(String... args) {
        CommandLine cli = Main.commandLine(NO_GATEWAY);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void checkConfigReportsAllThreeProblemsWithLineNumbersAndExitsTwo() {
        Path file = ProjectFiles.write(dir.resolve("courtyard.yaml"), THREE_ERRORS);

        int code = run("check-config", file.toString());

        assertEquals(ExitCodes.USAGE, code);
        assertThreeProblems(file, err.toString());
        assertEquals("", out.toString(), "problems go to stderr");
    }

    @Test
    void runRefusesAnInvalidConfigWithTheSameMessagesAndStartsNothing() {
        Path file = ProjectFiles.write(dir.resolve("courtyard.yaml"), THREE_ERRORS);
        Path state = dir.resolve("state");

        int code = run("run", "--config", file.toString(), "--state-dir", state.toString());

        assertEquals(ExitCodes.USAGE, code);
        assertThreeProblems(file, err.toString());
        assertFalse(Files.exists(state), "no state directory: the database was never opened");
    }

    private static void assertThreeProblems(Path file, String stderr) {
        List<String> lines = stderr.lines().toList();
        assertEquals(
                List.of(
                        file + ":8:3: listeners.htp: unknown key; did you mean 'http'?; allowed here: http, cameras,"
                                + " deviceMqtt",
                        file + ":9:16: listeners.http.port: expected an integer from 0 to 65535, found '70000'"
                                + " (integer)",
                        file + ":11:19: journal.batchMaxEvents: expected an integer from 1 to 100000, found 'lots'"
                                + " (text)",
                        "3 problems; nothing was started."),
                lines);
    }

    @Test
    void checkConfigOnTheDemoConfigExitsZeroWithASummary() {
        Path demo = ProjectFiles.config("demo.yaml");

        int code = run("check-config", demo.toString());

        assertEquals(ExitCodes.OK, code, err::toString);
        assertEquals(
                demo + ": OK: site demo-court (Demo Court 示范小区, Asia/Shanghai): 4 buildings, 104 households;"
                        + " 3 OSDP buses, 3 gates, 2 elevators, 2 barriers, 2 monitors",
                out.toString().strip());
        assertEquals("", err.toString());
    }

    @Test
    void checkConfigOnAMissingFileExitsTwo() {
        Path missing = dir.resolve("missing.yaml");

        assertEquals(ExitCodes.USAGE, run("check-config", missing.toString()));
        assertTrue(err.toString().startsWith(missing + ":1:1: no such file"), err::toString);
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() {
        assertEquals(ExitCodes.OK, run("version"));
        assertTrue(out.toString().startsWith("courtyard "), out::toString);
        assertTrue(out.toString().contains("Java " + Runtime.version()), out::toString);
    }

    @Test
    void everySubcommandAnswersHelpWithExitZero() {
        Set<String> commands = Main.commandLine(NO_GATEWAY).getSubcommands().keySet();
        assertEquals(
                Set.of(
                        "run",
                        "check-config",
                        "acl",
                        "cmd",
                        "backup",
                        "restore",
                        "bill",
                        "faults",
                        "usage",
                        "keys",
                        "users",
                        "version",
                        "help"),
                commands);
        assertAll(commands.stream().map(c -> () -> {
            out.getBuffer().setLength(0);
            assertEquals(ExitCodes.OK, run(c, "--help"), c + " --help");
            assertTrue(out.toString().contains("Usage: courtyard " + c + " "), out::toString);
        }));
        out.getBuffer().setLength(0);
        assertEquals(ExitCodes.OK, run("--help"));
        assertTrue(out.toString().contains("2   bad usage or invalid configuration"), out::toString);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"--bogus", "check-config --bogus x.yaml", "run", "run --config", "check-config", "nonsense"})
    void usageMistakesExitTwo(String args) {
        assertEquals(ExitCodes.USAGE, run(args.split(" ")), err::toString);
        assertFalse(err.toString().isBlank(), "says what is wrong");
    }

    @Test
    void noCommandAtAllIsAUsageMistake() {
        assertEquals(ExitCodes.USAGE, run());
        assertTrue(err.toString().contains("a command is required"), err::toString);
    }
}

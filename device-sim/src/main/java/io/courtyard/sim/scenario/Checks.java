package io.courtyard.sim.scenario;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario found: one PASS or FAIL line per check, printed as it is made, so an installer
 * watching a long run sees progress and a failure names what was expected and what was found.
 */
public final class Checks {
    /** One check's outcome. */
    public record Result(String scenario, String check, boolean passed, String detail) {
        String line() {
            return (passed ? "PASS " : "FAIL ") + scenario + ": " + check
                    + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    private final String scenario;
    private final PrintWriter out;
    private final List<Result> results = new ArrayList<>();

    public Checks(String scenario, PrintWriter out) {
        this.scenario = scenario;
        this.out = out;
    }

    /** Records and prints one check; returns {@code passed} so a scenario can stop on a failure that ends it. */
    public synchronized boolean check(String check, boolean passed, String detail) {
        Result r = new Result(scenario, check, passed, detail);
        results.add(r);
        out.println(r.line());
        out.flush();
        return passed;
    }

    /** A measurement or remark worth showing that is not itself a check. */
    public synchronized void note(String text) {
        out.println("     " + scenario + ": " + text);
        out.flush();
    }

    /** A check whose expected and found values are compared with {@code equals}. */
    public boolean equal(String check, Object expected, Object found) {
        boolean ok = expected.equals(found);
        return check(check, ok, ok ? String.valueOf(found) : "expected " + expected + ", found " + found);
    }

    /** A scenario that could not run to its end: a failed check naming where it stopped. */
    public void aborted(String where, Throwable cause) {
        check("scenario ran to its end", false, where + ": " + cause);
    }

    public synchronized List<Result> results() {
        return List.copyOf(results);
    }

    public synchronized long failures() {
        return results.stream().filter(r -> !r.passed()).count();
    }

    /** Passes only with at least one check and no failure: a scenario that checked nothing has not passed. */
    public synchronized boolean passed() {
        return !results.isEmpty() && failures() == 0;
    }
}

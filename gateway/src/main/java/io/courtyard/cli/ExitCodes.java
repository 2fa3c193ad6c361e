package io.courtyard.cli;

/** Process exit codes, documented in the README for installers and scripts. */
public final class ExitCodes {
    /** Success, including a clean stop on SIGTERM. */
    public static final int OK = 0;
    /** A runtime failure: a component could not start, or a stop did not complete. */
    public static final int FAILURE = 1;
    /** Bad usage or invalid configuration: fix the command line or the file. */
    public static final int USAGE = 2;

    private ExitCodes() {}
}

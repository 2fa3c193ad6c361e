package io.courtyard.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A thread's scheduling as the kernel shows it in {@code /proc/<pid>/task/<tid>/stat}: nice
 * (field 19), real-time priority (40) and policy (41: 0 SCHED_OTHER, 1 SCHED_FIFO).
 */
public record ThreadSched(int nice, int rtPriority, int policy) {
    public static final int SCHED_FIFO = 1;

    /** Read from a {@code stat} file, e.g. {@code /proc/thread-self/stat}. */
    public static ThreadSched read(Path stat) throws IOException {
        String text = Files.readString(stat);
        // Fields after the parenthesised name (which may hold spaces): state is field 3.
        String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return new ThreadSched(Integer.parseInt(f[19 - 3]), Integer.parseInt(f[40 - 3]), Integer.parseInt(f[41 - 3]));
    }
}

package io.courtyard.sim.scenario;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free TCP ports for one run, each held open until all are chosen: a port closed at once can be
 * handed out again by the next {@code bind(0)}, and two listeners of the run would then collide.
 */
final class FreePorts implements AutoCloseable {
    private final List<ServerSocket> held = new ArrayList<>();

    int next() throws IOException {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        return s.getLocalPort();
    }

    /** Releases them all, just before the run's listeners bind them. */
    @Override
    public void close() throws IOException {
        for (ServerSocket s : held) {
            s.close();
        }
        held.clear();
    }
}

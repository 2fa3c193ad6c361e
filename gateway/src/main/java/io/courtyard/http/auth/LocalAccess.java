package io.courtyard.http.auth;

import io.courtyard.runtime.Service;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the command line's token when the gateway starts (the state directory exists by then) and
 * removes it when it stops, so a stale file never outlives the gateway that accepts it.
 */
public final class LocalAccess implements Service {
    private final OperatorAuth auth;
    private final Path stateDir;

    public LocalAccess(OperatorAuth auth, Path stateDir) {
        this.auth = auth;
        this.stateDir = stateDir;
    }

    @Override
    public String name() {
        return "operator-local-token";
    }

    @Override
    public void start() throws Exception {
        auth.allowLocal(LocalToken.create(stateDir));
    }

    @Override
    public void stop() throws Exception {
        Files.deleteIfExists(stateDir.resolve(LocalToken.FILE));
    }
}

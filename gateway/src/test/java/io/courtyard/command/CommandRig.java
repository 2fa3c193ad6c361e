package io.courtyard.command;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessCommands;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.AccessState;
import io.courtyard.access.Emergencies;
import io.courtyard.acl.CommandSignatures;
import io.courtyard.journal.EventDraft;
import io.courtyard.journal.JournalEvent;
import io.courtyard.testsupport.AclBundles;
import io.courtyard.testsupport.FakeUpstream;
import io.courtyard.testsupport.SettableClock;
import io.courtyard.testsupport.TestJournal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The command room on a real state database and journal, behind an upstream without a broker: the
 * platform's key signs, test handlers stand for the gates, a barrier display and a monitor, and the
 * emergency modes are the access room's own.
 */
final class CommandRig implements AutoCloseable {
    static final String SITE = "fixture-court";
    static final CommandService.Timing FAST = new CommandService.Timing(
            Duration.ofMillis(20),
            Duration.ofMillis(200),
            Duration.ofSeconds(2),
            Duration.ofSeconds(2),
            Duration.ofMillis(200));
    private static final ObjectMapper JSON = new ObjectMapper();

    final AclBundles platform = new AclBundles(SITE);
    final FakeUpstream upstream = new FakeUpstream();
    final CommandHandlers handlers = new CommandHandlers();
    final SettableClock clock = new SettableClock(Instant.now());
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final AtomicReference<Instant> listIssuedAt = new AtomicReference<>(Instant.EPOCH);
    /** The next this many journal appends fail, as on a full disk. */
    final AtomicInteger refuseJournal = new AtomicInteger();
    /** What the test handlers were asked, by target. */
    final Map<String, List<Command>> ran = new ConcurrentHashMap<>();
    /** The outcome each test handler answers with, by target; done when absent. */
    final Map<String, Outcome> answers = new ConcurrentHashMap<>();

    final TestJournal journal;
    final Emergencies emergencies;
    CommandService service;

    CommandRig(Path dir) throws Exception {
        journal = TestJournal.open(dir);
        emergencies = new Emergencies(new AccessState(), AccessFixture.site(), this::append, clock);
        AccessCommands.registerEmergencies(handlers, () -> emergencies);
        for (String gate : List.of("north-gate", "south-gate")) {
            handlers.register(CommandType.OPEN, gate, c -> recorded(gate, c));
        }
        // The barrier room's and the monitor room's seams, as they will register them.
        handlers.register(CommandType.OPEN, "car-park-entry", c -> recorded("car-park-entry", c));
        handlers.register(CommandType.DISPLAY, "car-park-entry", c -> recorded("car-park-entry", c));
        handlers.register(CommandType.MONITOR_STATUS, "monitor-1-1", c -> recorded("monitor-1-1", c));
    }

    private CompletableFuture<Outcome> recorded(String target, Command c) {
        ran.computeIfAbsent(target, k -> new CopyOnWriteArrayList<>()).add(c);
        return CompletableFuture.completedFuture(answers.getOrDefault(target, Outcome.done(target + " did it")));
    }

    CompletableFuture<JournalEvent> append(EventDraft d) {
        if (refuseJournal.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new SQLException("disk full"));
        }
        return journal.journal().append(d);
    }

    CommandRig start() throws Exception {
        service = new CommandService(
                upstream,
                SITE,
                new CommandSignatures(platform.keys().getPublic()),
                handlers,
                journal.database(),
                this::append,
                listIssuedAt::get,
                registry,
                clock,
                FAST);
        service.start();
        return this;
    }

    /** Results in the ledger the broker has not acknowledged yet, read from the database file. */
    int unreported() throws SQLException {
        try (Connection c = journal.database().connect();
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT count(*) FROM command_log WHERE reported = 0 AND result IS NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Stops the command service and starts another on the same database, as a restart does. */
    void restart() throws Exception {
        service.stop();
        start();
    }

    CompletionStage<?> send(byte[] message) {
        return upstream.deliver(CommandService.TOPIC, message);
    }

    CompletionStage<?> sendLegacy(byte[] message) {
        return upstream.deliver(CommandService.LEGACY_TOPIC, message);
    }

    /** A signed command of {@code type} with sequence {@code seq} and the given members. */
    byte[] signed(String type, long seq, String... members) {
        return platform.signCommand(command(type, seq, members));
    }

    ObjectNode command(String type, long seq, String... members) {
        ObjectNode c = platform.command(type, seq);
        for (int i = 0; i < members.length; i += 2) {
            c.put(members[i], members[i + 1]);
        }
        return c;
    }

    /** The results published on cmd/result so far, in order. */
    List<JsonNode> results() {
        List<JsonNode> out = new ArrayList<>();
        for (String s : upstream.confirmed.getOrDefault(CommandService.RESULT_TOPIC, List.of())) {
            try {
                out.add(JSON.readTree(s));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** Waits for a published result that matches. */
    JsonNode awaitResult(Predicate<JsonNode> match) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (JsonNode r : results()) {
                if (match.test(r)) {
                    found.set(r);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    /** The published result refusing for {@code reason}. */
    JsonNode awaitRefusal(String reason) {
        return awaitResult(r -> r.path("outcome").asText().equals("refused")
                && r.path("reason").asText().equals(reason));
    }

    /** How many commands were counted with this outcome and reason. */
    double counted(String outcome, String reason) {
        return registry.find(CommandMetrics.COMMANDS).tag("outcome", outcome).tag("reason", reason).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    }

    List<Command> ran(String target) {
        return ran.getOrDefault(target, List.of());
    }

    void sql(String statement) throws SQLException {
        try (Connection c = journal.database().connect();
                Statement st = c.createStatement()) {
            st.executeUpdate(statement);
        }
    }

    @Override
    public void close() throws Exception {
        if (service != null) {
            service.stop();
        }
        journal.close();
    }
}

package io.courtyard.acl;

import static io.courtyard.testsupport.AclBundles.add;
import static io.courtyard.testsupport.AclBundles.credential;
import static io.courtyard.testsupport.AclBundles.group;
import static io.courtyard.testsupport.AclBundles.holder;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.courtyard.access.AccessFixture;
import io.courtyard.access.Reason;
import io.courtyard.acl.AclUpdater.Outcome;
import io.courtyard.acl.AclUpdater.Refusal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A signed list whose members are null or of the wrong type: each once read as the permissive
 * default (a lost card active again, an expiry gone, a schedule always open, no PIN asked, no
 * holidays) or threw past the updater. Now each is a {@code malformed} refusal, journaled, and the
 * list in force decides as before.
 */
class MalformedListTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant MON_10 = AccessFixture.at("2026-03-02T10:00");
    static final Instant SUN_10 = AccessFixture.at("2026-03-01T10:00");
    static final String RESIDENT = "card:h10301/12/1001";
    static final String LOST = "card:h10301/12/1002";
    static final String EXPIRED = "card:h10301/12/1003";
    static final String STAFF = "card:h10301/12/1004";

    @TempDir
    Path dir;

    UpdaterRig rig;

    @BeforeEach
    void applyVersion1() throws Exception {
        rig = new UpdaterRig(dir, null);
        ObjectNode v1 = rig.platform.snapshot(1);
        ObjectNode office = ((ObjectNode) v1.get("entries"))
                .putArray("schedules")
                .addObject()
                .put("id", "office-hours");
        office.putObject("week");
        for (String d : new String[] {"mon", "tue", "wed", "thu", "fri"}) {
            ((ObjectNode) office.get("week")).putArray(d).add("08:00-18:00");
        }
        ((ObjectNode) v1.get("entries"))
                .putObject("calendar")
                .putArray("holidays")
                .add("2026-10-01");
        add(v1, "groups", group("residents", "north-gate"));
        add(v1, "groups", staffOffice());
        add(v1, "holders", holder("h1", "resident", "1-1-702", "residents"));
        add(v1, "holders", holder("h2", "resident", "1-1-702", "residents").put("validTo", "2026-01-01T00:00:00Z"));
        add(v1, "holders", holder("s1", "staff", null, "staff-office"));
        add(v1, "credentials", credential("c1", "h1", RESIDENT));
        add(v1, "credentials", credential("c2", "h1", LOST).put("status", "lost"));
        add(v1, "credentials", credential("c3", "h2", EXPIRED));
        add(v1, "credentials", credential("c4", "s1", STAFF));
        assertThat(rig.apply(v1).outcome()).isEqualTo(Outcome.APPLIED);
    }

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    static ObjectNode staffOffice() {
        ObjectNode g = group("staff-office", "north-gate").put("schedule", "office-hours");
        g.putArray("pinAt").add("north-gate");
        return g;
    }

    /** What version 1 decides, and must still decide after each refused delta. */
    void assertVersion1Decides() {
        assertThat(rig.decide(RESIDENT, "north-gate", MON_10, null)).isEqualTo(Reason.GRANTED);
        assertThat(rig.decide(LOST, "north-gate", MON_10, null)).isEqualTo(Reason.LOST);
        assertThat(rig.decide(EXPIRED, "north-gate", MON_10, null)).isEqualTo(Reason.EXPIRED);
        assertThat(rig.decide(STAFF, "north-gate", SUN_10, null)).isEqualTo(Reason.OUTSIDE_SCHEDULE);
        assertThat(rig.decide(STAFF, "north-gate", MON_10, null)).isEqualTo(Reason.PIN_REQUIRED);
    }

    static Stream<Arguments> deltas() {
        return Stream.of(
                delta(
                        "a lost card's status null (read as active)",
                        d -> add(d, "credentials", credential("c2", "h1", LOST).putNull("status"))),
                delta(
                        "an expired holder's validTo null (read as no expiry)",
                        d -> add(
                                d,
                                "holders",
                                holder("h2", "resident", "1-1-702", "residents").putNull("validTo"))),
                delta(
                        "a group's schedule null (read as always open)",
                        d -> add(d, "groups", staffOffice().putNull("schedule"))),
                delta(
                        "a group's pinAt null (read as no PIN anywhere)",
                        d -> add(d, "groups", staffOffice().putNull("pinAt"))),
                delta(
                        "a holder's groups null",
                        d -> add(
                                d,
                                "holders",
                                holder("h1", "resident", "1-1-702").putNull("groups"))),
                delta(
                        "the calendar's holidays as one string (read as no holidays)",
                        d -> upserts(d).putObject("calendar").put("holidays", "2026-10-01")),
                delta("the calendar's holidays as an object (threw past the updater)", d -> upserts(d)
                        .putObject("calendar")
                        .putObject("holidays")
                        .put("2026-10-01", true)),
                delta("the calendar's workdays as a list (ignored)", d -> upserts(d)
                        .putObject("calendar")
                        .putArray("workdays")
                        .add("2026-09-27")),
                delta("a holiday that is a number", d -> upserts(d)
                        .putObject("calendar")
                        .putArray("holidays")
                        .add(20261001)),
                delta("a schedule's day windows as one string", d -> {
                    ObjectNode s = JSON.createObjectNode().put("id", "office-hours");
                    s.putObject("week").put("mon", "08:00-18:00");
                    add(d, "schedules", s);
                }),
                delta(
                        "a group's floors for an elevator null",
                        d -> add(d, "groups", staffOffice().putObject("floors").putNull("lift-1-1"))),
                delta("a whole kind null", d -> upserts(d).putNull("credentials")));
    }

    static ObjectNode upserts(ObjectNode delta) {
        return (ObjectNode) delta.get("upserts");
    }

    static Arguments delta(String name, Consumer<ObjectNode> change) {
        return Arguments.of(name, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deltas")
    void aNullOrWrongTypedMemberIsAMalformedRefusalAndTheListInForceStands(String name, Consumer<ObjectNode> change) {
        ObjectNode v2 = rig.platform.delta(2);
        change.accept(v2);

        AclUpdater.Result r = rig.apply(v2);

        assertThat(r.outcome()).as(name).isEqualTo(Outcome.REFUSED);
        assertThat(r.refusal()).as(r.detail()).isEqualTo(Refusal.MALFORMED);
        assertThat(rig.refusals()).singleElement().asString().contains("\"reason\":\"malformed\"");
        assertThat(rig.updater.currentVersion()).isEqualTo(1);
        assertVersion1Decides();
    }
}

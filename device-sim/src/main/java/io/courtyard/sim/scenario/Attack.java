package io.courtyard.sim.scenario;

import io.courtyard.acl.Keys;
import io.courtyard.config.DevicesConfig.Barrier;
import io.courtyard.config.DevicesConfig.Direction;
import io.courtyard.config.DevicesConfig.Gate;
import io.courtyard.device.Bytes;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.sim.osdp.SerialServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An attacker at every door the compound has, while a resident keeps coming home: an unknown card,
 * a revoked one, clones (of a card reported lost, of a resident's number on a blank with the wrong
 * facility code, with a broken parity bit), the resident's card read forged on a Secure Channel line
 * (in clear, then under a made-up MAC), garbage on the OSDP bus, garbage and oversized requests
 * on the camera port, a monitor logging in with a wrong password, a list signed with another key.
 * Every one is refused and journaled, the strike never moves for them, and the resident is granted
 * after each.
 */
final class Attack implements Scenario {
    private static final long RESIDENT = 6001;
    private static final long REVOKED = 6002;
    private static final long LOST = 6003;
    private static final long UNKNOWN = 6999;
    private static final String PLATE = "京A60001";

    @Override
    public void run(Site site, Checks checks, boolean shortRun) throws Exception {
        Compound c = new Compound(site);
        Gate gate = c.gate();
        String household = c.households().findFirst().orElseThrow().id();
        Optional<Barrier> entry = c.barrier(Direction.ENTRY, null);
        SiteList list = SiteList.snapshot(site.siteId(), 1)
                .group("residents", List.of(gate.id()), Map.of())
                .resident("r-1", household, "residents")
                .card("c-1", "r-1", RESIDENT, "active")
                .card("c-2", "r-1", REVOKED, "revoked")
                .card("c-3", "r-1", LOST, "lost");
        entry.ifPresent(b -> list.permit("p-1", "r-1", PLATE, b.zone(), true));
        site.publish(list);

        ResidentDay.waitFor(() -> !c.strikeOn(gate), gate.pulse().plusSeconds(2));
        int strikes = c.strikes(gate);
        refused(checks, c.decide(gate.id(), UNKNOWN), "unknown card", "unknown-credential");
        refused(checks, c.decide(gate.id(), REVOKED), "revoked card", "revoked");
        refused(checks, c.decide(gate.id(), LOST), "clone of a card reported lost", "lost");
        long mark = site.journal().lastSeq();
        site.osdp()
                .presentCard(
                        gate.reader().bus(),
                        gate.reader().address(),
                        WiegandFormat.H10301,
                        SiteList.FACILITY + 1,
                        RESIDENT);
        refused(
                checks,
                await(site, mark, gate),
                "resident's number cloned with another facility code",
                "unknown-credential");
        mark = site.journal().lastSeq();
        byte[] bits = Wiegand.encode(WiegandFormat.H10301, SiteList.FACILITY, RESIDENT)
                .toArray();
        bits[3] ^= 0x40; // the trailing odd-parity bit (bit 25, left-justified)
        site.osdp().presentRaw(gate.reader().bus(), gate.reader().address(), 26, Bytes.of(bits));
        refused(checks, await(site, mark, gate), "clone with a broken parity bit", "invalid-credential");
        Thread.sleep(500);
        checks.equal("strike never switched on for the attacker's cards", strikes, c.strikes(gate));
        resident(c, checks, gate, "after the bad cards");

        Intruders.secureChannel(site, c, checks, gate, RESIDENT);
        resident(c, checks, gate, "after forged reads on the secure line");

        SerialServer bus = site.osdp().bus(gate.reader().bus());
        int rounds = shortRun ? 1 : 5;
        for (int i = 0; i < rounds; i++) {
            bus.faults().garbageBeforeNextReply(new byte[] {0x53, 0x00, 0x13, 0x37, (byte) 0xFF, 0x42, 0x7E});
            Thread.sleep(100);
            bus.faults().oversizeHeaderBeforeNextReply();
            Thread.sleep(100);
            bus.faults().corruptNextReplies(3);
            Thread.sleep(200);
            bus.faults().truncateNextReply();
            Thread.sleep(200);
        }
        resident(c, checks, gate, "after garbage frames on " + bus.name());

        CameraGarbage.throwAt(site, checks);
        if (entry.isPresent()) {
            CarPark.Pushed p = site.cars().car(entry.get().id(), PLATE, 96);
            checks.check(
                    "resident's car still let in at " + entry.get().id() + " after the garbage",
                    p.opened(),
                    p.detail());
        }

        Intruders.wrongPassword(site, checks);

        long before = site.journal().lastSeq();
        SiteList forged = SiteList.delta(site.siteId(), site.listVersion()).card("c-2", "r-1", REVOKED, "active");
        site.upstream().publish("acl", forged.sign(Keys.generate()));
        Optional<JournalFile.Event> refusal =
                site.journal().await(before, e -> "refused".equals(e.text("acl")), Duration.ofSeconds(10));
        checks.check(
                "a list signed with another key is refused",
                refusal.isPresent() && "bad-signature".equals(refusal.get().text("reason")),
                refusal.map(e -> e.text("reason")).orElse("no refusal journaled"));
        refused(checks, c.decide(gate.id(), REVOKED), "revoked card after the forged list", "revoked");
        resident(c, checks, gate, "at the end");
        checks.check(
                "gateway process still running",
                site.gateway().alive(),
                "pid " + site.gateway().pid());
    }

    private static JournalFile.Event await(Site site, long mark, Gate gate) throws Exception {
        return site.journal()
                .await(mark, e -> Compound.isDecision(e, gate.id()), Duration.ofSeconds(5))
                .orElseThrow(() -> new IllegalStateException("no decision journaled at " + gate.id()));
    }

    private static void refused(Checks checks, JournalFile.Event e, String what, String reason) {
        checks.check(
                what + " refused (" + reason + ")",
                "deny".equals(e.text("decision"))
                        && reason.equals(e.text("reason"))
                        && !e.body().has("actuation"),
                e.text("decision") + " " + e.text("reason"));
    }

    static void resident(Compound c, Checks checks, Gate gate, String when) throws Exception {
        JournalFile.Event e = c.decide(gate.id(), RESIDENT);
        checks.check(
                "resident granted " + when,
                "grant".equals(e.text("decision")),
                e.text("decision") + " " + e.text("reason"));
    }
}

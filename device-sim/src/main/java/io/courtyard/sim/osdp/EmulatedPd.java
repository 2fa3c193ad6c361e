package io.courtyard.sim.osdp;

import io.courtyard.device.Bytes;
import io.courtyard.device.card.Wiegand;
import io.courtyard.device.card.WiegandFormat;
import io.courtyard.device.osdp.BuzzerControl;
import io.courtyard.device.osdp.Command.Poll;
import io.courtyard.device.osdp.KeypadData;
import io.courtyard.device.osdp.LedControl;
import io.courtyard.device.osdp.LedSetting;
import io.courtyard.device.osdp.OsdpFrame;
import io.courtyard.device.osdp.OsdpPacket;
import io.courtyard.device.osdp.OutputControl;
import io.courtyard.device.osdp.PdHandshake;
import io.courtyard.device.osdp.RawCardData;
import io.courtyard.device.osdp.Reply;
import io.courtyard.device.osdp.Reply.InputStatus;
import io.courtyard.device.osdp.Reply.LocalStatus;
import io.courtyard.device.osdp.Scbk;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * One emulated OSDP PD: a reader, a relay board, or both, with the state a scenario drives (cards,
 * keys, inputs, tamper, power) and observes (outputs, LEDs, buzzer, keys it was given). News waits
 * in a queue and goes out as the reply to the next POLL, as on a real PD. Thread-safe: scenarios
 * call from their own threads while the serial server answers on its event loop.
 */
public final class EmulatedPd {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Frames kept for {@link #sentFrames()}: enough to find a card read among the polls around it. */
    private static final int SENT_KEPT = 64;

    final PdProfile profile;
    private final Outputs outputs;
    private final boolean[] inputs;
    private final ArrayDeque<Reply> news = new ArrayDeque<>();
    private final List<LedSetting> leds = new ArrayList<>();
    private final List<BuzzerControl> buzzes = new ArrayList<>();
    private final ArrayDeque<Forgery> forgeries = new ArrayDeque<>();
    private final ArrayDeque<OsdpFrame> sent = new ArrayDeque<>();
    private final PdLink link;
    private int address;
    private Scbk scbk;
    private boolean installMode;
    private PdHandshake handshake;
    private boolean tamper;
    private boolean powerFailure;
    private volatile boolean silent;
    private volatile boolean impostor;
    private volatile boolean refusesStatus;
    private volatile Duration replyDelay = Duration.ZERO;
    private int unknownReplies;
    private final List<IntConsumer> wiring = new ArrayList<>();
    private volatile Tap tap = Tap.NONE;

    public EmulatedPd(int address, PdProfile profile) {
        this.address = address;
        this.profile = profile;
        this.outputs = new Outputs(profile.outputs());
        this.inputs = new boolean[profile.inputs()];
        this.scbk = profile.scbk();
        this.installMode = profile.installMode();
        this.handshake = new PdHandshake(scbk, installMode, profile.clientUid(), RANDOM);
        this.link = new PdLink(this);
    }

    public synchronized int address() {
        return address;
    }

    // ---- scenario: what a person or the building does ----

    /** A card in a known Wiegand format is held to reader 0; it goes out as osdp_RAW on the next POLL. */
    public void presentCard(WiegandFormat format, int facility, long number) {
        presentRaw(format.bits(), Wiegand.encode(format, facility, number));
    }

    /** Raw card bits (MSB first, left-justified), e.g. a UID-only card or a corrupted read. */
    public synchronized void presentRaw(int bitCount, Bytes bits) {
        news.add(new RawCardData(0, RawCardData.FORMAT_WIEGAND, bitCount, bits));
    }

    /** Keys typed on reader 0: digits, '*' and '#'. */
    public synchronized void pressKeys(String keys) {
        byte[] b = keys.replace('*', (char) 0x7F).replace('#', '\r').getBytes(StandardCharsets.US_ASCII);
        news.add(new KeypadData(0, Bytes.of(b)));
    }

    /** Reports (cards, keys, input changes) waiting for the control panel's next polls. */
    public synchronized int pending() {
        return news.size();
    }

    /** An input contact changes (door position, exit button, floor button); reported on the next POLL. */
    public synchronized void setInput(int input, boolean active) {
        if (inputs[input] != active) {
            inputs[input] = active;
            news.add(InputStatus.of(inputs.clone()));
        }
    }

    public synchronized void setTamper(boolean on) {
        if (tamper != on) {
            tamper = on;
            news.add(new LocalStatus(tamper, powerFailure));
        }
    }

    public synchronized void setPowerFailure(boolean on) {
        if (powerFailure != on) {
            powerFailure = on;
            news.add(new LocalStatus(tamper, powerFailure));
        }
    }

    /**
     * What hangs off this PD's relays: {@code listener} hears every output a command switches on,
     * under this PD's lock (it may act on this PD, never wait for another thread).
     */
    public synchronized void onSwitchedOn(IntConsumer listener) {
        wiring.add(listener);
    }

    /**
     * What a load harness times on the device's side of the wire: {@code news} hears each report
     * (card, keys, inputs) as it leaves in a POLL's reply, {@code outputs} each OUT command as it
     * arrives, both on the bus's event loop under this PD's lock (they must not block).
     */
    public record Tap(java.util.function.Consumer<Reply> news, java.util.function.Consumer<OutputControl> outputs) {
        static final Tap NONE = new Tap(r -> {}, o -> {});
    }

    public void tap(Tap t) {
        tap = t;
    }

    // ---- what the scenario observes ----

    public synchronized boolean output(int n) {
        return outputs.on(n, System.nanoTime());
    }

    public synchronized boolean[] outputs() {
        return outputs.states(System.nanoTime());
    }

    /** How often a command switched the output on. */
    public synchronized int activations(int n) {
        return outputs.activations(n);
    }

    /** The last LED instruction the PD accepted, if any. */
    public synchronized Optional<LedSetting> led() {
        return leds.isEmpty() ? Optional.empty() : Optional.of(leds.get(leds.size() - 1));
    }

    /** The colour the reader was last told to show (its temporary setting's on colour), if any. */
    public synchronized Optional<io.courtyard.device.osdp.LedColor> ledColor() {
        return led().map(LedSetting::temporary).map(LedSetting.Temporary::onColor);
    }

    public synchronized List<LedSetting> ledHistory() {
        return List.copyOf(leds);
    }

    public synchronized List<BuzzerControl> buzzes() {
        return List.copyOf(buzzes);
    }

    /** The key the PD holds now: null until it has one; changes when a CP sends KEYSET. */
    public synchronized Scbk scbk() {
        return scbk;
    }

    public synchronized boolean inputState(int n) {
        return inputs[n];
    }

    public PdLink.Stats stats() {
        return link.stats();
    }

    // ---- fault injection ----

    /** The PD stops answering (unplugged, dead) until told otherwise. */
    public void silence(boolean on) {
        silent = on;
    }

    /** Replies wait this long: beyond the CP's reply timeout they arrive late, as stray replies. */
    public void replyDelay(Duration delay) {
        replyDelay = delay;
    }

    /**
     * The PD power-cycles: it forgets the sequence, its last reply and its Secure Channel session,
     * its relays drop, pending news is lost. It answers the CP's next command with NAK 4 (unexpected
     * sequence) in clear until the CP starts over at 0; with {@link PdProfile#sequenceNakAtZero()}
     * that NAK carries sequence 0 rather than the command's, as some readers' firmware does.
     */
    public synchronized void restart() {
        news.clear();
        outputs.reset();
        link.forget();
    }

    /**
     * The next POLL that {@code forgery} fits is answered with it instead of this PD's own reply (the
     * PD still sees the command): an attacker talking over the reader. Forgeries queue in order.
     */
    public synchronized void forge(Forgery forgery) {
        forgeries.add(forgery);
    }

    /** Whether queued forgeries are still waiting for a POLL they fit. */
    public synchronized boolean forgeryPending() {
        return !forgeries.isEmpty();
    }

    /**
     * A plaintext emulator takes this PD's place on the line: every reply goes out in clear (no
     * security block, no MAC), and, having no key, it answers CHLNG and SCRYPT with NAK 5.
     */
    public void impostor(boolean on) {
        impostor = on;
    }

    /** The last frames this PD put on the wire, sealed as they went, oldest first: what a line tap records. */
    public synchronized List<OsdpFrame> sentFrames() {
        return List.copyOf(sent);
    }

    /**
     * The PD NAKs osdp_LSTAT and osdp_ISTAT (code 3, unknown command), as some readers do: the CP
     * learns neither its tamper switch nor its inputs until they change.
     */
    public void refuseStatusRequests(boolean on) {
        refusesStatus = on;
    }

    /** The next {@code n} replies that would be ACK are an unknown reply code instead. */
    public synchronized void unknownReplies(int n) {
        unknownReplies = n;
    }

    boolean silent() {
        return silent;
    }

    boolean refusesStatus() {
        return refusesStatus;
    }

    boolean isImpostor() {
        return impostor;
    }

    /** The frame to put on the wire instead of {@code reply}, or null to send the PD's own. */
    synchronized OsdpFrame forgedAnswer(OsdpPacket command, OsdpPacket reply) {
        if (impostor && reply != null) {
            return new Forgery.Plaintext((Reply) reply.message())
                    .frame(command.pdAddress(), reply.sequence(), reply.checkMode());
        }
        Forgery next = forgeries.peek();
        if (next == null || !(command.message() instanceof Poll)) {
            return null;
        }
        OsdpFrame frame = next.frame(command.pdAddress(), command.sequence(), command.checkMode());
        if (frame != null) {
            forgeries.poll();
        }
        return frame;
    }

    synchronized void sent(OsdpFrame frame) {
        if (sent.size() == SENT_KEPT) {
            sent.poll();
        }
        sent.add(frame);
    }

    Duration delay() {
        return replyDelay;
    }

    PdLink link() {
        return link;
    }

    // ---- for PdAnswers, under this lock ----

    Reply nextNews() {
        Reply r = news.poll();
        if (r != null) {
            tap.news().accept(r);
        }
        return r;
    }

    boolean takeUnknownReply() {
        if (unknownReplies > 0) {
            unknownReplies--;
            return true;
        }
        return false;
    }

    Outputs outputsState() {
        return outputs;
    }

    /** An OUT command: applied whole or not at all; whatever hangs off the relays hears what closed. */
    boolean applyOutputs(OutputControl control, long now) {
        tap.outputs().accept(control);
        return outputs.apply(control, now, n -> wiring.forEach(w -> w.accept(n)));
    }

    boolean[] inputsState() {
        return inputs.clone();
    }

    LocalStatus localStatus() {
        return new LocalStatus(tamper, powerFailure);
    }

    PdHandshake handshake() {
        return handshake;
    }

    void led(LedControl control) {
        leds.addAll(control.settings());
    }

    void buzz(BuzzerControl control) {
        buzzes.add(control);
    }

    /** KEYSET: the PD keeps the new key and leaves install mode, as a real PD does. */
    void newKey(Scbk key) {
        scbk = key;
        installMode = false;
        handshake = new PdHandshake(scbk, false, profile.clientUid(), RANDOM);
    }

    void readdress(int newAddress) {
        address = newAddress;
    }

    @Override
    public String toString() {
        return profile.kind() + "@" + address;
    }
}

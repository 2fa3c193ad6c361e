package io.courtyard.store;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The queue for SQLite's one write lock inside this process, with a door for the journal writer
 * that goes before everyone else's.
 *
 * <p>A connection that finds the lock taken waits in its busy handler, and SQLite's own sleeps 1,
 * 2, 5, 10 ... ms between looks. The journal writer, which every device waiting for an answer
 * waits on, met a projection's transaction at one commit in fourteen to twenty under 20,000
 * events/s and slept 1-8 ms in that handler, long after the lock was free (strace of the writer
 * thread: 49 naps of 1 ms, 9 of 2 ms, 2 of 5 ms in 8 s). Here it is woken the moment the holder
 * leaves, and takes the lock before the components that write back to back (the journal's
 * projections), which take turns at the ordinary door in the order they came.
 *
 * <p>Held around a transaction (and, by the writer, the completion of its batch that follows the
 * commit), never while waiting for anything else; not reentrant. Waits ignore interrupts: a
 * holder's turn is a few milliseconds, and leaving the queue halfway would leave a ticket nobody
 * serves.
 */
public final class WriteGate {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean held;
    private int firstWaiting;
    private long nextTicket;
    private long serving;

    /** Waits for the lock behind whoever holds it, everyone at the first door, and earlier tickets. */
    public void enter() {
        lock.lock();
        try {
            long ticket = nextTicket++;
            while (held || firstWaiting > 0 || ticket != serving) {
                changed.awaitUninterruptibly();
            }
            serving++;
            held = true;
        } finally {
            lock.unlock();
        }
    }

    /** Takes the gate if nobody holds it: true when taken. */
    public boolean tryEnterFirst() {
        lock.lock();
        try {
            if (held) {
                return false;
            }
            held = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Waits only for the holder: the journal writer's door. */
    public void enterFirst() {
        lock.lock();
        try {
            firstWaiting++;
            while (held) {
                changed.awaitUninterruptibly();
            }
            firstWaiting--;
            held = true;
        } finally {
            lock.unlock();
        }
    }

    /** How many wait at either door: for tests and diagnostics. */
    public int queued() {
        lock.lock();
        try {
            return firstWaiting + (int) (nextTicket - serving);
        } finally {
            lock.unlock();
        }
    }

    public void leave() {
        lock.lock();
        try {
            if (!held) {
                throw new IllegalStateException("write gate left while not held");
            }
            held = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}

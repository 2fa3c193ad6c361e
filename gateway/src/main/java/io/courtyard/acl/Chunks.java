package io.courtyard.acl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A byte buffer that grows in segments, for canonical JSON: appending one buffer to another
 * moves its large segments instead of copying them, so that sorting an object's members costs no
 * copy of the megabytes an access list's {@code entries} member holds.
 */
final class Chunks {
    private static final int FIRST = 64;
    private static final int SEGMENT = 64 << 10;
    /** Below this a buffer is copied into its parent: moving tiny segments would only fragment it. */
    private static final int MOVE_FROM = 4 << 10;

    private final List<byte[]> sealed = new ArrayList<>();
    private byte[] current = new byte[FIRST];
    private int position;
    private long size;

    void write(int b) {
        if (position == current.length) {
            grow();
        }
        current[position++] = (byte) b;
        size++;
    }

    void write(byte[] b, int off, int len) {
        int at = off;
        int left = len;
        while (left > 0) {
            if (position == current.length) {
                grow();
            }
            int n = Math.min(left, current.length - position);
            System.arraycopy(b, at, current, position, n);
            position += n;
            at += n;
            left -= n;
            size += n;
        }
    }

    void ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            write(s.charAt(i));
        }
    }

    void append(Chunks other) {
        if (other.size < MOVE_FROM) {
            other.forEach(this::write);
            return;
        }
        seal();
        sealed.addAll(other.sealed);
        if (other.position > 0) {
            sealed.add(Arrays.copyOf(other.current, other.position));
        }
        size += other.size;
    }

    long size() {
        return size;
    }

    /** Visits every byte range in order. */
    void forEach(Range visitor) {
        for (byte[] s : sealed) {
            visitor.accept(s, 0, s.length);
        }
        if (position > 0) {
            visitor.accept(current, 0, position);
        }
    }

    /** The bytes behind {@code prefix}, in one array of exactly that length. */
    byte[] toByteArray(byte[] prefix) {
        if (prefix.length + size > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("canonical form of " + size + " bytes");
        }
        byte[] all = Arrays.copyOf(prefix, (int) (prefix.length + size));
        int[] at = {prefix.length};
        forEach((b, off, len) -> {
            System.arraycopy(b, off, all, at[0], len);
            at[0] += len;
        });
        return all;
    }

    byte[] toByteArray() {
        return toByteArray(new byte[0]);
    }

    private void grow() {
        if (current.length < SEGMENT) {
            current = Arrays.copyOf(current, current.length * 2);
        } else {
            seal();
        }
    }

    private void seal() {
        if (position > 0) {
            sealed.add(position == current.length ? current : Arrays.copyOf(current, position));
        }
        current = new byte[current.length < SEGMENT ? FIRST : SEGMENT];
        position = 0;
    }

    /** A byte range. */
    interface Range {
        void accept(byte[] bytes, int offset, int length);
    }
}

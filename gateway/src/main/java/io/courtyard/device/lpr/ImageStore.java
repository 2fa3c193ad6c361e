package io.courtyard.device.lpr;

import io.courtyard.device.lpr.push.PlateRead;
import io.courtyard.runtime.LogLimiter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the pictures of cameras configured with {@code keepImages}, one directory per barrier under
 * the state directory, within each camera's {@code imageQuota}: the oldest files go first. Writes
 * run on their own bounded executor, never on an event loop; when it is full, pictures are dropped
 * and counted (the read itself is never held up for a picture). File names carry the time and a
 * hash of the read's key, never the plate.
 */
final class ImageStore {
    private static final Logger log = LoggerFactory.getLogger(ImageStore.class);

    private final Path root;
    private final ExecutorService writer;
    private final LprMetrics metrics;
    private final Map<String, Dir> dirs = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final LogLimiter failures = new LogLimiter(Duration.ofMinutes(1));

    /** One barrier's directory: its files oldest first, by name (names start with the time). */
    private static final class Dir {
        final Path path;
        final long quota;
        final TreeMap<String, Long> files = new TreeMap<>();
        long bytes;

        Dir(Path path, long quota) {
            this.path = path;
            this.quota = quota;
        }
    }

    ImageStore(Path root, ExecutorService writer, LprMetrics metrics) {
        this.root = root;
        this.writer = writer;
        this.metrics = metrics;
    }

    /** Takes stock of what earlier runs kept, pruning to today's quotas; run before the listener opens. */
    void open(List<Camera> cameras) throws IOException {
        for (Camera c : cameras) {
            if (!c.keepsImages()) {
                continue;
            }
            Dir d = new Dir(root.resolve(c.barrier()), c.config().imageQuota().get());
            Files.createDirectories(d.path);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(d.path)) {
                for (Path p : ds) {
                    long size = Files.size(p);
                    d.files.put(p.getFileName().toString(), size);
                    d.bytes += size;
                }
            }
            total.addAndGet(d.bytes);
            dirs.put(c.barrier(), d);
            synchronized (d) {
                prune(d);
            }
        }
    }

    long bytes() {
        return total.get();
    }

    /** Queues the read's pictures for writing; never blocks. */
    void keep(Camera cam, String key, Instant at, List<PlateRead.Image> images) {
        Dir d = dirs.get(cam.barrier());
        if (d == null || images.isEmpty()) {
            return;
        }
        try {
            writer.execute(() -> write(d, key, at, images));
        } catch (RejectedExecutionException e) {
            images.forEach(i -> metrics.image("dropped"));
        }
    }

    private void write(Dir d, String key, Instant at, List<PlateRead.Image> images) {
        String stem = at.toString().replace(":", "") + "-" + hash(key);
        for (int i = 0; i < images.size(); i++) {
            PlateRead.Image img = images.get(i);
            String name = stem + "-" + i + extension(img.name());
            try {
                byte[] bytes = img.bytes().get();
                Files.write(d.path.resolve(name), bytes);
                synchronized (d) {
                    Long before = d.files.put(name, (long) bytes.length);
                    d.bytes += bytes.length - (before == null ? 0 : before);
                    total.addAndGet(bytes.length - (before == null ? 0 : before));
                    prune(d);
                }
                metrics.image("stored");
            } catch (IOException | RuntimeException e) {
                metrics.image("dropped");
                long suppressed = failures.permit();
                if (suppressed >= 0) {
                    log.warn(
                            "camera pictures: cannot write {} in {}: {}{}",
                            name,
                            d.path,
                            e.toString(),
                            suppressed > 0 ? " (" + suppressed + " more since the last line)" : "");
                }
            }
        }
    }

    /** Oldest first until the directory is within its quota; the caller holds {@code d}'s monitor. */
    private void prune(Dir d) {
        while (d.bytes > d.quota && !d.files.isEmpty()) {
            Map.Entry<String, Long> oldest = d.files.pollFirstEntry();
            try {
                Files.deleteIfExists(d.path.resolve(oldest.getKey()));
                d.bytes -= oldest.getValue();
                total.addAndGet(-oldest.getValue());
                metrics.image("pruned");
            } catch (IOException e) {
                log.warn("camera pictures: cannot delete {}: {}", oldest.getKey(), e.toString());
                d.files.put(oldest.getKey(), oldest.getValue());
                return;
            }
        }
    }

    private static String extension(String name) {
        String lower = name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
        return lower.endsWith(".png") ? ".png" : ".jpg";
    }

    private static String hash(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

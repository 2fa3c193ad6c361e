package io.courtyard.dashboard;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A font with Chinese glyphs for the PDF report, from the system: Debian's WenQuanYi Micro Hei
 * (package {@code fonts-wqy-microhei}, which the gateway's package depends on), else Zen Hei or AR PL
 * UMing. All have TrueType outlines, which PDFBox embeds as a subset of the glyphs used; Noto CJK
 * is left out on purpose: its CFF outlines are not embeddable by PDFBox. A candidate is taken only
 * when it opens and has the report's Chinese glyphs, so a truncated or wrong file is passed over
 * with its reason instead of printing empty boxes.
 */
final class CjkFont {
    static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
            Path.of("/usr/share/fonts/truetype/arphic/uming.ttc"));

    /** Characters the report prints; a font without one of them is no use for it. */
    static final String PROBE = "电梯月度报告可用率乘梯次数故障每户分摊账单哈希核对";

    private CjkFont() {}

    /** The font found, or why none was: each candidate with what was wrong with it. */
    sealed interface Found {
        record Font(Path file) implements Found {}

        record None(String why) implements Found {}
    }

    /** The first usable candidate. */
    static Found find() {
        return find(CANDIDATES);
    }

    static Found find(List<Path> candidates) {
        List<String> problems = new ArrayList<>();
        for (Path p : candidates) {
            String problem = problem(p);
            if (problem == null) {
                return new Found.Font(p);
            }
            problems.add(p + ": " + problem);
        }
        return new Found.None("no font with Chinese glyphs on this box; install Debian's fonts-wqy-microhei"
                + " (apt-get install fonts-wqy-microhei). Looked for: " + String.join("; ", problems));
    }

    /** What makes {@code file} unusable, or null. */
    static String problem(Path file) {
        if (!Files.exists(file)) {
            return "not installed";
        }
        if (!Files.isReadable(file)) {
            return "not readable by this user";
        }
        try (Opened f = open(file)) {
            CmapLookup cmap = f.font().getUnicodeCmapLookup();
            for (int i = 0; i < PROBE.length(); i++) {
                if (cmap.getGlyphId(PROBE.charAt(i)) == 0) {
                    return "has no glyph for '" + PROBE.charAt(i) + "'";
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "not a usable TrueType font (" + e.getMessage() + ")";
        }
    }

    /** Loads {@code file} into {@code doc}, to be embedded as a subset; a collection gives its first font. */
    static PDType0Font load(PDDocument doc, Path file) throws IOException {
        // The collection must stay open until the document is saved: the subset is cut then.
        Opened f = open(file);
        try {
            return PDType0Font.load(doc, f.font(), true);
        } catch (IOException | RuntimeException e) {
            f.close();
            throw e;
        }
    }

    /** An open font and what must be closed after it: its collection, or the font itself. */
    private record Opened(TrueTypeFont font, Closeable owner) implements Closeable {
        @Override
        public void close() throws IOException {
            owner.close();
        }
    }

    /** The font of a {@code .ttf}, or the first of a {@code .ttc} collection. */
    private static Opened open(Path file) throws IOException {
        if (!file.toString().endsWith(".ttc")) {
            TrueTypeFont f = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()));
            return new Opened(f, f);
        }
        TrueTypeCollection ttc = new TrueTypeCollection(file.toFile());
        TrueTypeFont[] first = new TrueTypeFont[1];
        ttc.processAllFonts(f -> {
            if (first[0] == null) {
                first[0] = f;
            }
        });
        if (first[0] == null) {
            ttc.close();
            throw new IOException("no font in the collection");
        }
        return new Opened(first[0], ttc);
    }
}

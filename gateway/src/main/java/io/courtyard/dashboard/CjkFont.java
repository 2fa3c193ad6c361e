package io.courtyard.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * A font with Chinese glyphs for the PDF report, from the system: Debian's WenQuanYi Micro Hei
 * (package {@code fonts-wqy-microhei}, which the gateway's package depends on) or Zen Hei. Both
 * have TrueType outlines, which PDFBox embeds as a subset of the glyphs used.
 */
final class CjkFont {
    static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
            Path.of("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"));

    private CjkFont() {}

    /** The first candidate installed, or empty. */
    static Optional<Path> find() {
        return CANDIDATES.stream().filter(Files::isReadable).findFirst();
    }

    /** Loads {@code file} into {@code doc}, to be embedded as a subset; a collection gives its first font. */
    static PDType0Font load(PDDocument doc, Path file) throws IOException {
        if (!file.toString().endsWith(".ttc")) {
            return PDType0Font.load(doc, file.toFile());
        }
        // The collection must stay open until the document is saved: the subset is cut then.
        TrueTypeCollection ttc = new TrueTypeCollection(file.toFile());
        TrueTypeFont[] first = new TrueTypeFont[1];
        ttc.processAllFonts(f -> {
            if (first[0] == null) {
                first[0] = f;
            }
        });
        if (first[0] == null) {
            ttc.close();
            throw new IOException(file + ": no font in the collection");
        }
        return PDType0Font.load(doc, first[0], true);
    }
}

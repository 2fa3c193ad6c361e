package io.courtyard.dashboard;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import io.courtyard.journal.event.BillIssued;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The monthly report as an A4 PDF, made on the box with Apache PDFBox: Chinese and English labels in
 * an embedded CJK font subset, the figures, costs by item, each household's bill, and the statement
 * hash with its QR code, so anyone can check the printed page with {@code courtyard bill --verify}.
 */
public final class ReportPdf {
    private static final float MARGIN = 50;
    private static final float LINE = 15;

    private final Path font;

    public ReportPdf(Path font) {
        this.font = font;
    }

    public byte[] render(MonthlyReport r) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDType0Font f = CjkFont.load(doc, font);
            doc.getDocumentInformation().setTitle("Elevator " + r.elevator() + " monthly report " + r.month());
            doc.getDocumentInformation().setProducer("Courtyard");
            Writer w = new Writer(doc, f);
            w.text(16, MARGIN, "电梯月度报告 Elevator monthly report");
            w.text(12, MARGIN, r.siteName() + " · " + r.elevator() + " · " + r.month());
            w.gap();
            w.row(11, "可用率 Availability", String.format(Locale.ROOT, "%.2f %%", r.availability() * 100));
            w.row(11, "乘梯次数 Rides", Long.toString(r.rides()));
            w.row(11, "上行楼层 Floors travelled", Long.toString(r.floorsTravelled()));
            w.row(11, "故障 Faults", Long.toString(r.faults()));
            w.row(
                    11,
                    "按时救援 Rescues within " + r.rescueTarget().toMinutes() + " min",
                    r.rescuesInTime() + " / " + r.rescues());
            w.row(11, "平均到场 Mean time to arrive", minutes(r.meanToArrive()));
            w.row(11, "平均修复 Mean time to repair", minutes(r.meanToRepair()));
            w.gap();
            BillIssued b = r.bill();
            w.text(13, MARGIN, "费用 Costs by item");
            for (BillIssued.Item i : b.items()) {
                w.row(10, i.item() + " (" + i.model().name().toLowerCase(Locale.ROOT) + ")", yuan(i.amountFen()));
            }
            w.row(10, "合计 Total", yuan(b.totalFen()));
            w.gap();
            w.text(13, MARGIN, "每户分摊 Per household (" + b.building() + "-" + b.unit() + ")");
            w.columns(10, List.of("住户 Household", "楼层 Floor", "乘梯 Rides", "金额 Amount"));
            for (BillIssued.Line l : b.lines()) {
                w.columns(
                        10,
                        List.of(
                                l.household(),
                                Integer.toString(l.floor()),
                                Long.toString(l.rides()),
                                yuan(l.totalFen())));
            }
            w.gap();
            w.text(10, MARGIN, "账单哈希 Statement hash (SHA-256):");
            w.text(9, MARGIN, b.hash());
            w.text(
                    9,
                    MARGIN,
                    "核对 Check on the box: courtyard bill --month " + r.month() + " --elevator " + r.elevator()
                            + " --verify " + b.hash().substring(0, 12) + "…");
            w.qr(b.hash());
            w.close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** Writes lines down A4 pages, starting a new page when one is full. */
    private static final class Writer {
        private final PDDocument doc;
        private final PDType0Font font;
        private PDPageContentStream cs;
        private float y;

        Writer(PDDocument doc, PDType0Font font) throws IOException {
            this.doc = doc;
            this.font = font;
            page();
        }

        private void page() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage p = new PDPage(PDRectangle.A4);
            doc.addPage(p);
            cs = new PDPageContentStream(doc, p);
            y = PDRectangle.A4.getHeight() - MARGIN;
        }

        void text(float size, float x, String s) throws IOException {
            if (y < MARGIN + LINE) {
                page();
            }
            cs.beginText();
            cs.setFont(font, size);
            cs.newLineAtOffset(x, y);
            cs.showText(s);
            cs.endText();
            y -= Math.max(LINE, size + 4);
        }

        void row(float size, String label, String value) throws IOException {
            columns(size, List.of(label, value));
        }

        void columns(float size, List<String> cells) throws IOException {
            if (y < MARGIN + LINE) {
                page();
            }
            float[] xs = {MARGIN, MARGIN + 230, MARGIN + 320, MARGIN + 410};
            for (int i = 0; i < cells.size(); i++) {
                cs.beginText();
                cs.setFont(font, size);
                cs.newLineAtOffset(xs[i], y);
                cs.showText(cells.get(i));
                cs.endText();
            }
            y -= LINE;
        }

        void gap() {
            y -= LINE / 2;
        }

        /** The QR code of {@code text}, drawn as vector squares (sharp in print, no image to embed). */
        void qr(String text) throws IOException {
            BitMatrix m;
            try {
                m = new QRCodeWriter()
                        .encode(
                                text,
                                BarcodeFormat.QR_CODE,
                                0,
                                0,
                                Map.of(
                                        EncodeHintType.MARGIN,
                                        0,
                                        EncodeHintType.ERROR_CORRECTION,
                                        ErrorCorrectionLevel.M));
            } catch (WriterException e) {
                throw new IOException("QR code of the hash: " + e.getMessage(), e);
            }
            float module = 3;
            float size = m.getWidth() * module;
            if (y - size < MARGIN) {
                page();
            }
            float top = y - 4;
            List<float[]> squares = new ArrayList<>();
            for (int row = 0; row < m.getHeight(); row++) {
                for (int col = 0; col < m.getWidth(); col++) {
                    if (m.get(col, row)) {
                        squares.add(new float[] {MARGIN + col * module, top - (row + 1) * module});
                    }
                }
            }
            for (float[] s : squares) {
                cs.addRect(s[0], s[1], module, module);
            }
            cs.fill();
            y = top - size - LINE;
        }

        void close() throws IOException {
            cs.close();
        }
    }

    private static String yuan(long fen) {
        return String.format(Locale.ROOT, "¥%d.%02d", fen / 100, Math.abs(fen % 100));
    }

    private static String minutes(Duration d) {
        return d == null ? "–" : String.format(Locale.ROOT, "%d min %02d s", d.toMinutes(), d.toSecondsPart());
    }
}

package io.jsst.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws a {@link ResultTable} as a PNG with Java2D (headless): one panel per metric, one
 * horizontal bar per transport, the value written beside it, the best of the row marked; a cell
 * with no number shows its word in grey.
 */
final class ResultChart {
    private static final int PANEL_WIDTH = 620;
    private static final int BAR_HEIGHT = 18;
    private static final int GAP = 6;
    private static final int LABEL_WIDTH = 140;
    private static final int MARGIN = 16;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22),
        new Color(0xd62728), new Color(0x9467bd), new Color(0x2ca02c), new Color(0xff7f0e),
    };

    private ResultChart() {
    }

    static void write(ResultTable table, String title, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> columns = table.columns();
        Metric[] metrics = Metric.values();
        int panelHeight = 28 + columns.size() * (BAR_HEIGHT + GAP) + 10;
        int perRow = 2;
        int rows = (metrics.length + perRow - 1) / perRow;
        int width = MARGIN + perRow * (PANEL_WIDTH + MARGIN);
        int height = 50 + rows * (panelHeight + MARGIN);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, MARGIN, 30);
            for (int i = 0; i < metrics.length; i++) {
                int x = MARGIN + (i % perRow) * (PANEL_WIDTH + MARGIN);
                int y = 50 + (i / perRow) * (panelHeight + MARGIN);
                panel(g, table, metrics[i], x, y, panelHeight);
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    private static void panel(Graphics2D g, ResultTable table, Metric m, int x, int y, int h) {
        g.setColor(new Color(0xf4f4f4));
        g.fillRect(x, y, PANEL_WIDTH, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(table.heading(m) + (m.higherIsBetter ? "  (higher is better)" : "  (lower is better)"),
                x + 8, y + 18);
        List<Double> values = table.values(m);
        double max = 0;
        Double best = null;
        for (Double v : values) {
            if (v != null) {
                max = Math.max(max, v);
                if (best == null || (m.higherIsBetter ? v > best : v < best)) {
                    best = v;
                }
            }
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int barMax = PANEL_WIDTH - LABEL_WIDTH - 110;
        List<String> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            int by = y + 28 + i * (BAR_HEIGHT + GAP);
            g.setColor(Color.DARK_GRAY);
            g.drawString(columns.get(i), x + 8, by + BAR_HEIGHT - 5);
            Double v = values.get(i);
            int bx = x + LABEL_WIDTH;
            if (v == null) {
                g.setColor(Color.GRAY);
                g.drawString(table.get(m, columns.get(i)).word(), bx + 4, by + BAR_HEIGHT - 5);
                continue;
            }
            int w = max > 0 ? (int) Math.max(1, Math.round(v / max * barMax)) : 1;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(bx, by, w, BAR_HEIGHT);
            if (v.equals(best)) {
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2f));
                g.drawRect(bx, by, w, BAR_HEIGHT);
            }
            g.setColor(Color.BLACK);
            String text = String.format(Locale.ROOT, m.format, v);
            g.drawString(text, bx + w + 6, by + BAR_HEIGHT - 5);
        }
    }
}

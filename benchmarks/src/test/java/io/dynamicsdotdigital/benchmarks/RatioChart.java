package io.dynamicsdotdigital.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * A horizontal bar chart of the speed-ups (ours over the alternative, rows/s) as SVG, on a log scale so that 1.2x
 * and 200x both read; a bar left of the 1x line means the alternative was faster.
 */
final class RatioChart {
    /** Width of a character of the 12 px sans-serif labels, generously: labels are right-aligned before the plot. */
    private static final double CHAR_WIDTH = 6.8;
    private static final int PLOT = 380;
    private static final int ROW = 22;

    private RatioChart() {
    }

    static String svg(String title, List<Comparison> comparisons) {
        double maxLog = 1;
        for (Comparison c : comparisons) {
            maxLog = Math.max(maxLog, Math.abs(Math.log10(Math.max(1e-3, c.speedup()))));
        }
        maxLog = Math.ceil(maxLog);
        int longest = 0;
        for (Comparison c : comparisons) {
            longest = Math.max(longest, label(c).length());
        }
        int labelWidth = (int) (longest * CHAR_WIDTH) + 20;
        int height = 60 + ROW * comparisons.size() + 30;
        int width = labelWidth + PLOT + 90;
        double zero = labelWidth + PLOT / 2.0;
        double perDecade = (PLOT / 2.0) / maxLog;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " font-family=\"sans-serif\" font-size=\"12\">%n", width, height));
        s.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"22\" font-size=\"15\">%s</text>%n", escape(title)));
        for (int d = (int) -maxLog; d <= maxLog; d++) {
            double x = zero + d * perDecade;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"40\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>%n",
                    x, x, height - 25, d == 0 ? "#333" : "#ddd"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%sx</text>%n", x,
                    height - 10, d >= 0 ? fmt(Math.pow(10, d)) : "1/" + fmt(Math.pow(10, -d))));
        }
        int y = 50;
        for (Comparison c : comparisons) {
            double ratio = Math.max(1e-3, c.speedup());
            double len = Math.log10(ratio) * perDecade;
            double x = len >= 0 ? zero : zero + len;
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    labelWidth - 8, y + 13, escape(label(c))));
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>%n", x, y,
                    Math.max(1, Math.abs(len)), c.latency() == Latency.REAL ? "#d9822b" : "#2b6cb0"));
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%sx</text>%n",
                    Math.max(zero, x + Math.abs(len)) + 4, y + 13, fmt(c.speedup())));
            y += ROW;
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static String label(Comparison c) {
        return c.connector() + ": " + c.question() + " (" + c.latency().name().toLowerCase(Locale.ROOT) + " latency)";
    }

    private static String fmt(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

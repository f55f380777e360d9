package io.rtcreactor.benchmarks.report;

import java.awt.Color;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The plots docs/benchmarks.md links, drawn by JFreeChart into SVG (JFreeSVG): distributions side by side as
 * box plots (median, quartiles, whiskers, outliers), and curves against a load. AWT runs headless; text is
 * measured with the system's fonts (scripts/prerequisites installs DejaVu where none is present).
 */
public final class Plots {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 450;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {
    }

    /**
     * Box plots of {@code groups} (x: group, e.g. the fault mode) per {@code series} (e.g. the engine), each a
     * distribution of samples, written to {@code svg}.
     */
    public static void distributions(String title, String valueLabel, Map<String, Map<String, Distribution>> groups,
                                     Path svg) {
        DefaultBoxAndWhiskerCategoryDataset data = new DefaultBoxAndWhiskerCategoryDataset();
        groups.forEach((group, bySeries) -> bySeries.forEach((series, distribution) -> {
            if (!distribution.isEmpty()) {
                data.add(List.copyOf(distribution.samples()), series, group);
            }
        }));
        JFreeChart chart = ChartFactory.createBoxAndWhiskerChart(title, null, valueLabel, data, true);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        BoxAndWhiskerRenderer renderer = (BoxAndWhiskerRenderer) plot.getRenderer();
        renderer.setMeanVisible(false);
        write(chart, svg);
    }

    /** Curves of {@code series} (name to points {x, y}) against the x axis, written to {@code svg}. */
    public static void curves(String title, String xLabel, String yLabel, Map<String, List<double[]>> series,
                              Path svg) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries s = new XYSeries(name);
            points.forEach(p -> s.add(p[0], p[1]));
            data.addSeries(s);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.getXYPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
        write(chart, svg);
    }

    private static void write(JFreeChart chart, Path svg) {
        chart.setBackgroundPaint(Color.WHITE);
        SVGGraphics2D graphics = new SVGGraphics2D(WIDTH, HEIGHT);
        chart.draw(graphics, new Rectangle(0, 0, WIDTH, HEIGHT));
        try {
            Files.createDirectories(svg.toAbsolutePath().getParent());
            Files.writeString(svg, graphics.getSVGDocument(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the plot " + svg, e);
        }
    }
}

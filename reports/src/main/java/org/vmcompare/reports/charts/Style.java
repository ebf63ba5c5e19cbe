package org.vmcompare.reports.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The one look every chart gets: white background, light grid, no shadows or gradients, readable
 * fonts, thick lines. Applied after the library builds a chart, so the charts stay JFreeChart's.
 */
final class Style {
  static final Color GRID = new Color(0xDDDDDD);
  private static final String FONT = Font.SANS_SERIF;

  private Style() {}

  /** Dash patterns for lines of one colour: solid, dashed, dotted, dash-dot, long dashes. */
  private static final float[][] DASHES = {
    null, {8f, 5f}, {2f, 4f}, {10f, 4f, 2f, 4f}, {16f, 6f},
  };

  /** The stroke of the {@code style}-th line of one colour (0: solid). */
  static BasicStroke line(int style) {
    float[] dash = DASHES[Math.floorMod(style, DASHES.length)];
    return dash == null
        ? new BasicStroke(2.2f)
        : new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
  }

  static void apply(JFreeChart chart) {
    StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
    theme.setExtraLargeFont(new Font(FONT, Font.BOLD, 15));
    theme.setLargeFont(new Font(FONT, Font.BOLD, 12));
    theme.setRegularFont(new Font(FONT, Font.PLAIN, 12));
    theme.setSmallFont(new Font(FONT, Font.PLAIN, 11));
    theme.setShadowVisible(false);
    theme.setBarPainter(new StandardBarPainter());
    theme.setChartBackgroundPaint(Color.WHITE);
    theme.setPlotBackgroundPaint(Color.WHITE);
    theme.setDomainGridlinePaint(GRID);
    theme.setRangeGridlinePaint(GRID);
    theme.apply(chart);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.setPadding(new RectangleInsets(6, 6, 6, 12));
    Plot plot = chart.getPlot();
    plot.setOutlineVisible(false);
    if (plot instanceof XYPlot xy) {
      xy.setDomainGridlinePaint(GRID);
      xy.setRangeGridlinePaint(GRID);
      if (xy.getRenderer() instanceof XYLineAndShapeRenderer lines) {
        lines.setAutoPopulateSeriesStroke(false);
        // One SVG path per line instead of one element per segment: a tenth of the size.
        lines.setDrawSeriesLineAsPath(true);
        lines.setDefaultStroke(new BasicStroke(2.2f));
      }
    }
    if (plot instanceof CategoryPlot cat) {
      cat.setRangeGridlinePaint(GRID);
      if (cat.getRenderer() instanceof BarRenderer bars) {
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setMaximumBarWidth(0.12);
      }
    }
  }
}

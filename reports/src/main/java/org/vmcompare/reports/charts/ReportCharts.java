package org.vmcompare.reports.charts;

import java.awt.Shape;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.vmcompare.reports.DisplayUnit;
import org.vmcompare.reports.ExperimentReport;
import org.vmcompare.reports.ProcessMetric;

/**
 * The charts of a report, chosen from what the runs carry: the kinds of fault per system (stacked
 * bars); with a time series, resident memory, free memory, faults so far and each model's gauges
 * over simulated time; with a sweep, faults as curves over each swept value. A gauge a new model
 * registers gets its chart without a change here.
 */
public final class ReportCharts {
  static final int WIDTH = 760;
  static final int HEIGHT = 340;

  private ReportCharts() {}

  /** Every chart the report's runs allow, in page order. */
  public static List<Chart> of(ExperimentReport report) {
    List<Chart> out = new ArrayList<>();
    out.add(FaultKindsChart.of(report));
    if (report.sweepKeys().isEmpty()) {
      out.addAll(TimeCharts.of(report));
    } else {
      out.addAll(SweepCharts.of(report));
    }
    return out;
  }

  /** A line chart with one series per entry, coloured by the series' palette index. */
  static JFreeChart lines(
      List<XYSeries> series, List<Integer> colours, String xAxis, String yAxis, boolean shapes) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (XYSeries s : series) {
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            null, xAxis, yAxis, data, PlotOrientation.VERTICAL, true, false, false);
    Style.apply(chart);
    XYPlot plot = (XYPlot) chart.getPlot();
    XYItemRenderer r = plot.getRenderer();
    if (r instanceof XYLineAndShapeRenderer lr) {
      lr.setDefaultShapesVisible(shapes);
    }
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, Palette.of(colours.get(i)));
    }
    return chart;
  }

  /**
   * A line chart with points, one series per entry, coloured by the series' palette index, its
   * dashes and point shape by its style index (0: solid line).
   */
  static JFreeChart lines(
      List<XYSeries> series,
      List<Integer> colours,
      List<Integer> styles,
      String xAxis,
      String yAxis) {
    JFreeChart chart = lines(series, colours, xAxis, yAxis, true);
    XYItemRenderer r = ((XYPlot) chart.getPlot()).getRenderer();
    Shape[] shapes = DefaultDrawingSupplier.createStandardSeriesShapes();
    for (int i = 0; i < series.size(); i++) {
      int style = styles.get(i);
      r.setSeriesStroke(i, Style.line(style));
      r.setSeriesShape(i, shapes[Math.floorMod(style, shapes.length)]);
    }
    return chart;
  }

  /** An axis title with its unit: "resident memory (MiB)", or the name alone for counts. */
  static String axis(String name, DisplayUnit unit) {
    return unit.axis().isEmpty() ? name : name + " (" + unit.axis() + ")";
  }

  /** A gauge's axis title. */
  static String axis(ProcessMetric gauge) {
    return axis(gauge.name(), gauge.unit());
  }
}

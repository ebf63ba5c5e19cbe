package org.vmcompare.reports.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.data.xy.XYSeries;
import org.vmcompare.common.Quantities;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.DisplayUnit;
import org.vmcompare.reports.ExperimentReport;

/**
 * A sweep as curves: for each swept key, faults (mean over seeds) against the key's value, one
 * curve per system variant and per value of the other swept keys. Sizes ("8MiB") are plotted in
 * MiB, counts ("10k") as numbers; a key whose values are neither (a policy name) gets no chart.
 */
final class SweepCharts {
  private SweepCharts() {}

  static List<Chart> of(ExperimentReport report) {
    List<Chart> out = new ArrayList<>();
    List<String> keys = report.sweepKeys();
    for (String key : keys) {
      boolean sizes = report.sweepValues().get(key).stream().allMatch(SweepCharts::isSize);
      Map<String, XYSeries> curves = new LinkedHashMap<>();
      Map<String, double[]> sums = new LinkedHashMap<>();
      Map<String, String> labelOf = new LinkedHashMap<>();
      for (RunResult r : report.results()) {
        if (!r.ok() || r.counters().isEmpty()) {
          continue;
        }
        String curve = r.label() + others(r, keys, key);
        labelOf.putIfAbsent(curve, r.label());
        double x = x(r.point().get(key), sizes);
        if (Double.isNaN(x)) {
          continue;
        }
        double[] acc = sums.computeIfAbsent(curve + "\u0000" + x, k -> new double[3]);
        acc[0] = x;
        acc[1] += r.counter("faults.minor") + r.counter("faults.major");
        acc[2]++;
        curves.computeIfAbsent(curve, k -> new XYSeries(k, true, false));
      }
      sums.forEach(
          (k, acc) -> curves.get(k.substring(0, k.indexOf('\u0000'))).add(acc[0], acc[1] / acc[2]));
      if (curves.isEmpty()) {
        continue;
      }
      // A curve's colour is its system's, as in every chart; the values of the other swept keys
      // are told apart by the line's dashes and the points' shapes.
      List<String> labels = Palette.labels(report);
      List<String> variants = new ArrayList<>();
      List<Integer> colours = new ArrayList<>();
      List<Integer> styles = new ArrayList<>();
      for (Map.Entry<String, String> c : labelOf.entrySet()) {
        String other = c.getKey().substring(c.getValue().length());
        if (!variants.contains(other)) {
          variants.add(other);
        }
        colours.add(labels.indexOf(c.getValue()));
        styles.add(variants.indexOf(other));
      }
      String xAxis = sizes ? key + " (MiB)" : key;
      out.add(
          new Chart(
              "sweep-" + key.replaceAll("[^A-Za-z0-9]+", "-"),
              "Faults against " + key,
              "Each point is one sweep point (mean over seeds); each curve one system"
                  + (keys.size() > 1 ? " at fixed values of the other swept keys." : "."),
              ReportCharts.lines(
                  new ArrayList<>(curves.values()),
                  colours,
                  styles,
                  xAxis,
                  ReportCharts.axis("faults", DisplayUnit.COUNT)),
              ReportCharts.WIDTH,
              ReportCharts.HEIGHT));
    }
    return out;
  }

  /** ", frames=500": the other swept keys' values, each key by its last part when unique. */
  private static String others(RunResult r, List<String> keys, String key) {
    StringBuilder sb = new StringBuilder();
    for (String k : keys) {
      if (!k.equals(key)) {
        sb.append(sb.length() == 0 ? ", " : " ").append(shortKey(k, keys));
        sb.append('=').append(r.point().get(k));
      }
    }
    return sb.toString();
  }

  /** "frames" for "systems[0].options.frames", unless another swept key ends the same way. */
  static String shortKey(String key, List<String> keys) {
    String tail = key.substring(key.lastIndexOf('.') + 1);
    long same = keys.stream().filter(k -> k.substring(k.lastIndexOf('.') + 1).equals(tail)).count();
    return same == 1 ? tail : key;
  }

  private static boolean isSize(String v) {
    return v.matches("\\s*\\d+\\s*[KMGT]i?B\\s*");
  }

  /** The value on the x axis: a size in MiB, a count ("10k") or a plain number; else NaN. */
  private static double x(String v, boolean sizes) {
    try {
      if (sizes) {
        return Quantities.parseBytes(v) / (1024.0 * 1024.0);
      }
      return v.strip().matches("-?\\d+(\\.\\d+)?")
          ? Double.parseDouble(v.strip())
          : Quantities.parseCount(v);
    } catch (IllegalArgumentException e) {
      return Double.NaN;
    }
  }
}

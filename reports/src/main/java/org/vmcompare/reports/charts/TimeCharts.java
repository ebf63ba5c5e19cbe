package org.vmcompare.reports.charts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.data.xy.XYSeries;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.DisplayUnit;
import org.vmcompare.reports.ExperimentReport;
import org.vmcompare.reports.ProcessMetric;

/**
 * Line charts over simulated time, one line per system (its first finished seed: seeds end at
 * different times, and a mean of several would smooth away the spikes one run shows), from the
 * runs' time series: resident memory, free memory, faults so far, then every gauge the models
 * declared, each in its unit (pages as MiB, time in ms).
 */
final class TimeCharts {
  /** Buckets per line: a chart 760 points wide shows no more detail than this. */
  static final int POINTS = 250;

  private TimeCharts() {}

  static List<Chart> of(ExperimentReport report) {
    Map<String, RunResult> firsts = new LinkedHashMap<>();
    report
        .byLabel()
        .forEach(
            (column, runs) -> {
              for (RunResult r : runs) {
                if (r.ok() && r.timeSeries().containsKey("timeNs")) {
                  firsts.put(column, r);
                  return;
                }
              }
            });
    List<Chart> out = new ArrayList<>();
    if (firsts.isEmpty()) {
      return out;
    }
    long page = report.pageSize();
    out.add(
        chart(
            report,
            firsts,
            "resident",
            "Resident memory",
            "memory.used.pages",
            DisplayUnit.PAGES,
            "Memory in use on the machine over simulated time, one line per system.",
            page));
    out.add(
        chart(
            report,
            firsts,
            "free",
            "Free memory",
            "memory.free.pages",
            DisplayUnit.PAGES,
            "Frames not in use over simulated time; a model may keep some free on purpose.",
            page));
    out.add(
        chart(
            report,
            firsts,
            "faults-over-time",
            "Faults so far",
            "faults",
            DisplayUnit.COUNT,
            "Minor plus major faults up to each moment: a steep stretch is where a system faulted.",
            page));
    for (ProcessMetric g : report.catalogue().gauges()) {
      out.add(
          chart(
              report,
              firsts,
              "gauge-" + g.name().replace('.', '-'),
              g.name(),
              g.name(),
              g.unit(),
              g.description() + " (a gauge of the model, sampled over time).",
              page));
    }
    out.removeIf(c -> c == null);
    return out;
  }

  private static Chart chart(
      ExperimentReport report,
      Map<String, RunResult> firsts,
      String id,
      String title,
      String column,
      DisplayUnit unit,
      String caption,
      long pageSize) {
    Map<String, Integer> palette = Palette.columns(report);
    List<XYSeries> series = new ArrayList<>();
    List<Integer> colours = new ArrayList<>();
    for (Map.Entry<String, RunResult> e : firsts.entrySet()) {
      List<Long> t = e.getValue().timeSeries().get("timeNs");
      List<Long> y = values(e.getValue().timeSeries(), column);
      if (y == null) {
        continue;
      }
      XYSeries s = new XYSeries(e.getKey(), false, true);
      int n = Math.min(t.size(), y.size());
      int step = Math.max(1, (n + POINTS - 1) / POINTS);
      for (int start = 0; start < n; start += step) {
        // The lowest and highest sample of each bucket, in time order: no spike is lost.
        int end = Math.min(n, start + step);
        int lo = start;
        int hi = start;
        for (int i = start + 1; i < end; i++) {
          lo = y.get(i) < y.get(lo) ? i : lo;
          hi = y.get(i) > y.get(hi) ? i : hi;
        }
        s.add(t.get(Math.min(lo, hi)) / 1e6, unit.scale(y.get(Math.min(lo, hi)), pageSize));
        if (lo != hi) {
          s.add(t.get(Math.max(lo, hi)) / 1e6, unit.scale(y.get(Math.max(lo, hi)), pageSize));
        }
      }
      series.add(s);
      colours.add(palette.get(e.getKey()));
    }
    if (series.isEmpty()) {
      return null;
    }
    boolean seeds = report.byLabel().values().stream().anyMatch(runs -> runs.size() > 1);
    return new Chart(
        id,
        title,
        seeds
            ? caption + " Each line is the system's first finished seed (" + seedsOf(firsts) + ")."
            : caption,
        ReportCharts.lines(
            series,
            colours,
            "simulated time (ms)",
            ReportCharts.axis(title.toLowerCase(Locale.ROOT), unit),
            false),
        ReportCharts.WIDTH,
        ReportCharts.HEIGHT);
  }

  /** "seed 42", or "seeds 1, 2" when the systems' first finished seeds differ. */
  private static String seedsOf(Map<String, RunResult> firsts) {
    List<String> seeds = new ArrayList<>();
    firsts
        .values()
        .forEach(
            r -> {
              if (!seeds.contains(Long.toString(r.seed()))) {
                seeds.add(Long.toString(r.seed()));
              }
            });
    return (seeds.size() == 1 ? "seed " : "seeds ") + String.join(", ", seeds);
  }

  private static List<Long> values(Map<String, List<Long>> series, String column) {
    if (!column.equals("faults")) {
      return series.get(column);
    }
    List<Long> minor = series.get("faults.minor");
    List<Long> major = series.get("faults.major");
    if (minor == null || major == null) {
      return null;
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < minor.size(); i++) {
      out.add(minor.get(i) + major.get(i));
    }
    return out;
  }
}

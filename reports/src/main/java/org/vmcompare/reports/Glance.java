package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.reports.stats.Summary;

/**
 * The first thing a reader sees: which system faulted most and least, and the likely why from the
 * same numbers (evictions, waits for the disk, kills), in sentences.
 */
final class Glance {
  private Glance() {}

  static List<String> sentences(ExperimentReport report, List<Summaries.Row> rows) {
    List<String> columns = new ArrayList<>(report.byLabel().keySet());
    List<String> out = new ArrayList<>();
    double[] faults = means(rows, "faults", columns.size());
    double[] evictions = means(rows, "evictions", columns.size());
    double[] major = means(rows, "faults.major", columns.size());
    int lo = extreme(faults, false);
    int hi = extreme(faults, true);
    if (lo < 0) {
      out.add("No run finished, so there is nothing to compare; see the failed runs below.");
      return out;
    }
    if (columns.size() == 1 || lo == hi || faults[lo] == faults[hi]) {
      out.add(
          (columns.size() == 1 ? "**" + columns.get(lo) + "**" : "Every system")
              + " made "
              + DisplayUnit.number(Math.rint(faults[lo]))
              + " faults.");
    } else {
      String more =
          faults[lo] == 0
              ? ""
              : String.format(
                  Locale.ROOT, ", %.0f%% more", 100 * (faults[hi] - faults[lo]) / faults[lo]);
      out.add(
          "Fewest faults: **"
              + columns.get(lo)
              + "** ("
              + DisplayUnit.number(Math.rint(faults[lo]))
              + "). Most: **"
              + columns.get(hi)
              + "** ("
              + DisplayUnit.number(Math.rint(faults[hi]))
              + more
              + ").");
      if (!Double.isNaN(evictions[hi]) && evictions[hi] > evictions[lo]) {
        out.add(
            "Why: "
                + columns.get(hi)
                + " evicted "
                + DisplayUnit.number(Math.rint(evictions[hi]))
                + " pages and "
                + columns.get(lo)
                + " "
                + DisplayUnit.number(Math.rint(evictions[lo]))
                + "; a page evicted and touched again faults again.");
      }
    }
    List<String> waits = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      if (major[i] > 0) {
        waits.add(columns.get(i) + " " + DisplayUnit.number(Math.rint(major[i])));
      }
    }
    if (!waits.isEmpty()) {
      out.add("Major faults, each a wait for the disk: " + String.join(", ", waits) + ".");
    }
    // Per system variant, so a sweep that skips a system at every point says so once.
    Map<String, long[]> byVariant = new LinkedHashMap<>();
    for (RunResult r : report.results()) {
      long[] v = byVariant.computeIfAbsent(r.label(), k -> new long[3]);
      v[0] += r.ok() ? r.counter("kills") : 0;
      v[1] += r.ok() ? 0 : 1;
      v[2] +=
          r.ok()
              ? r.processes().stream().filter(p -> HungProcesses.STATE.equals(p.state())).count()
              : 0;
    }
    byVariant.forEach(
        (label, v) -> {
          if (v[0] > 0) {
            out.add(label + ": the OS killed " + v[0] + " process" + (v[0] == 1 ? "" : "es") + ".");
          }
          if (v[2] > 0) {
            out.add(
                label
                    + ": "
                    + v[2]
                    + " process"
                    + (v[2] == 1 ? " was" : "es were")
                    + " still hung when the run ended (waiting for what nothing could bring any"
                    + " more; see the process table).");
          }
          if (v[1] > 0) {
            out.add(
                label
                    + ": "
                    + v[1]
                    + " run"
                    + (v[1] == 1 ? "" : "s")
                    + " did not finish; see \"Runs that did not finish\".");
          }
        });
    return out;
  }

  private static double[] means(List<Summaries.Row> rows, String name, int n) {
    double[] out = new double[n];
    Arrays.fill(out, Double.NaN);
    for (Summaries.Row r : rows) {
      if (r.metric().name().equals(name)) {
        for (int i = 0; i < n; i++) {
          Summary s = r.cells().get(i);
          out[i] = s.n() == 0 ? Double.NaN : s.mean();
        }
      }
    }
    return out;
  }

  private static int extreme(double[] v, boolean max) {
    int best = -1;
    for (int i = 0; i < v.length; i++) {
      if (!Double.isNaN(v[i]) && (best < 0 || (max ? v[i] > v[best] : v[i] < v[best]))) {
        best = i;
      }
    }
    return best;
  }
}

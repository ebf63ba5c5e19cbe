package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.RunResult;

/**
 * The runs that did not finish, one line per reason below the terminal table. Runs of one system
 * variant that stopped for the same reason share a line, so a system a sweep skips at nine points
 * says so once ("macos, all 9 runs: skipped: …") instead of nine times.
 */
final class Failures {
  private Failures() {}

  /** The lines, each starting with a newline; "" when every run finished. */
  static String lines(ExperimentReport report) {
    Map<String, List<String>> where = new LinkedHashMap<>();
    Map<String, String> labelOf = new LinkedHashMap<>();
    Map<String, Integer> runsOf = new LinkedHashMap<>();
    report
        .byLabel()
        .forEach(
            (column, runs) -> {
              for (RunResult r : runs) {
                runsOf.merge(r.label(), 1, Integer::sum);
                if (!r.ok()) {
                  String key = r.label() + "\u0000" + message(r);
                  where
                      .computeIfAbsent(key, k -> new ArrayList<>())
                      .add(column + " (seed " + r.seed() + ")");
                  labelOf.put(key, r.label());
                }
              }
            });
    StringBuilder sb = new StringBuilder();
    where.forEach(
        (key, runs) -> {
          String label = labelOf.get(key);
          String message = key.substring(label.length() + 1);
          sb.append('\n');
          if (runs.size() == 1) {
            sb.append(runs.get(0));
          } else if (runs.size() == runsOf.get(label)) {
            sb.append(label).append(", all ").append(runs.size()).append(" runs");
          } else {
            sb.append(String.join(", ", runs));
          }
          sb.append(": ").append(message);
        });
    return sb.toString();
  }

  /** "error: it broke", without the status twice when the error already starts with it. */
  private static String message(RunResult r) {
    return (r.error().startsWith(r.status().id()) ? "" : r.status().id() + ": ") + r.error();
  }
}

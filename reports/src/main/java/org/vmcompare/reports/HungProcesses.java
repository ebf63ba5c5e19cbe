package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;

/**
 * The processes a finished run left hung (state {@code hung}: still waiting, when nothing could
 * wake them any more, for something only a user could bring, such as macOS's "out of application
 * memory" dialog), one line each below the terminal table. They are neither exited nor killed, so
 * the table's counters do not show them. A process that hung the same way in every seed of a system
 * variant gets one line ("macos, all 3 runs: hog[101] hung: …").
 */
final class HungProcesses {
  static final String STATE = "hung";

  private HungProcesses() {}

  /** The lines, each starting with a newline; "" when no process hung. */
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
                for (ProcessSummary p : r.processes()) {
                  if (STATE.equals(p.state())) {
                    String key = r.label() + "\u0000" + p.name() + "[" + p.pid() + "] " + ending(p);
                    where
                        .computeIfAbsent(key, k -> new ArrayList<>())
                        .add(column + " (seed " + r.seed() + ")");
                    labelOf.put(key, r.label());
                  }
                }
              }
            });
    StringBuilder sb = new StringBuilder();
    where.forEach(
        (key, runs) -> {
          String label = labelOf.get(key);
          sb.append('\n');
          if (runs.size() > 1 && runs.size() == runsOf.get(label)) {
            sb.append(label).append(", all ").append(runs.size()).append(" runs");
          } else {
            sb.append(String.join(", ", runs));
          }
          sb.append(": ").append(key.substring(label.length() + 1));
        });
    return sb.toString();
  }

  /** "hung: waiting for …", as the model said; "hung" when it said nothing. */
  private static String ending(ProcessSummary p) {
    return p.endReason().isBlank() ? STATE : p.endReason();
  }
}

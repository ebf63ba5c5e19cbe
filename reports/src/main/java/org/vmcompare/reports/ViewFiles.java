package org.vmcompare.reports;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.RunResult;

/**
 * The native views as files, {@code views/<system>/<snapshot>/<view>.txt}, so a reader can diff one
 * system's {@code /proc/PID/smaps} against another's with the tools they already use. Every part of
 * a path is reduced to safe characters; with several seeds the system folder ends in {@code
 * -seedN}.
 */
public final class ViewFiles {
  private ViewFiles() {}

  /** Relative path → text, in column, seed, snapshot and view order. */
  public static Map<String, String> of(ExperimentReport report) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<RunResult>> e : report.byLabel().entrySet()) {
      boolean seeds = e.getValue().size() > 1;
      for (RunResult r : e.getValue()) {
        String system = safe(e.getKey()) + (seeds ? "-seed" + r.seed() : "");
        r.views()
            .forEach(
                (snapshot, views) ->
                    views.forEach((view, text) -> out.put(path(system, snapshot, view), text)));
      }
    }
    return out;
  }

  /** The file of one view of one run. */
  public static String path(
      ExperimentReport report, String column, RunResult r, String snapshot, String view) {
    boolean seeds = report.byLabel().get(column).size() > 1;
    return path(safe(column) + (seeds ? "-seed" + r.seed() : ""), snapshot, view);
  }

  private static String path(String system, String snapshot, String view) {
    StringBuilder sb =
        new StringBuilder("views/").append(system).append('/').append(safe(snapshot));
    for (String part : view.split("/")) {
      if (!part.isEmpty()) {
        sb.append('/').append(safe(part));
      }
    }
    return sb.append(".txt").toString();
  }

  /**
   * Letters, digits, dot, dash and underscore; anything else becomes "_", and never "." or "..".
   */
  static String safe(String s) {
    String t = s.strip().replaceAll("[^A-Za-z0-9._-]+", "_");
    if (t.isEmpty() || t.chars().allMatch(c -> c == '.')) {
      return "_" + t.replace('.', '_');
    }
    return t;
  }
}

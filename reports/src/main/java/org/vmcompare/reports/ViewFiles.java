package org.vmcompare.reports;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.vmcompare.metrics.RunResult;

/**
 * The native views as files, {@code views/<system>/<snapshot>/<view>.txt}, so a reader can diff one
 * system's {@code /proc/PID/smaps} against another's with the tools they already use. With several
 * seeds every seed has its own folder, {@code views/<system>/seed-<S>/<snapshot>/<view>.txt}, so no
 * seed's view replaces another's. Every part of a path is reduced to safe characters; two systems
 * whose names reduce to the same folder get "-2", "-3"… after the second and later.
 */
public final class ViewFiles {
  private ViewFiles() {}

  /** Relative path → text, in column, seed, snapshot and view order. */
  public static Map<String, String> of(ExperimentReport report) {
    Map<String, String> folders = folders(report);
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<RunResult>> e : report.byLabel().entrySet()) {
      boolean seeds = e.getValue().size() > 1;
      for (RunResult r : e.getValue()) {
        String system = folder(folders.get(e.getKey()), r, seeds);
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
    return path(folder(folders(report).get(column), r, seeds), snapshot, view);
  }

  /** Each column's folder under views/, unique even when two names reduce alike. */
  private static Map<String, String> folders(ExperimentReport report) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (String column : report.byLabel().keySet()) {
      String base = safe(column);
      String f = base;
      for (int i = 2; !used.add(f.toLowerCase(Locale.ROOT)); i++) {
        f = base + "-" + i;
      }
      out.put(column, f);
    }
    return out;
  }

  private static String folder(String system, RunResult r, boolean seeds) {
    return seeds ? system + "/seed-" + r.seed() : system;
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

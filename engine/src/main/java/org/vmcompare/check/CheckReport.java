package org.vmcompare.check;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a check found: how many tries and runs, per invariant how many runs of each system checked
 * it, and the first failure (with its shrunk repro when it came from an experiment).
 *
 * @param tries experiments generated and checked
 * @param runs checked runs (one per system variant per try)
 * @param checked per invariant, per system name, the runs (or replays) that checked it
 * @param violation the first broken invariant, or null
 * @param repro its shrunk experiment, or null (none, or the stack property's strings)
 */
public record CheckReport(
    int tries,
    long runs,
    Map<Invariant, Map<String, Long>> checked,
    Violation violation,
    Repro repro) {
  public CheckReport {
    Map<Invariant, Map<String, Long>> copy = new EnumMap<>(Invariant.class);
    checked.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
    checked = copy;
  }

  public boolean ok() {
    return violation == null;
  }

  /** One line per invariant: which systems held it in how many runs, or that it broke. */
  public List<String> summary() {
    List<String> out = new ArrayList<>();
    for (Invariant inv : Invariant.values()) {
      Map<String, Long> bySystem = checked.getOrDefault(inv, Map.of());
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-28s ", inv.title()));
      if (violation != null && violation.invariant() == inv) {
        sb.append("BROKEN on ").append(violation.system());
      } else if (bySystem.isEmpty()) {
        sb.append("not checked (no system or experiment it applies to)");
      } else {
        String sep = "";
        for (Map.Entry<String, Long> e : bySystem.entrySet()) {
          sb.append(sep).append(e.getKey()).append(": ").append(e.getValue()).append(" ok");
          sep = ", ";
        }
      }
      out.add(sb.toString());
    }
    return out;
  }
}

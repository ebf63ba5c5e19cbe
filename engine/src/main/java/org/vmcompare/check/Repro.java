package org.vmcompare.check;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.workload.Experiment;
import org.vmcompare.yaml.YamlWriter;

/**
 * A failure as people get it: the smallest experiment that still breaks the invariant, written as
 * YAML that {@code vmcompare run} loads and {@code vmcompare check FILE} replays in checked mode,
 * headed by comments saying which invariant broke, on which system, at which step, and how.
 *
 * @param violation what broke, on the shrunk experiment
 * @param experiment the shrunk experiment
 * @param faults the test-only faults the model was asked to plant (empty outside tests)
 * @param originalSteps steps of the experiment as generated, before shrinking
 * @param end why shrinking ended: anything but {@link Shrinker.End#NOTHING_MORE} means a smaller
 *     experiment may still fail
 */
public record Repro(
    Violation violation,
    Experiment experiment,
    List<String> faults,
    int originalSteps,
    Shrinker.End end) {
  public Repro {
    Objects.requireNonNull(violation, "violation is null");
    Objects.requireNonNull(experiment, "experiment is null");
    faults = List.copyOf(faults);
    Objects.requireNonNull(end, "end is null");
  }

  /** Why shrinking stopped short, for people; empty when it went as far as it could. */
  public String unfinished() {
    return switch (end) {
      case NOTHING_MORE -> "";
      case CANDIDATES ->
          "shrinking stopped after "
              + Checker.SHRINK_TRIES
              + " candidates; a smaller experiment may still break it";
      case TIME ->
          "shrinking stopped at its time limit (--shrink-seconds); a smaller experiment may still"
              + " break it";
    };
  }

  /** Steps in the shrunk experiment, fork children's included. */
  public int steps() {
    return Shrinker.countSteps(experiment);
  }

  /** The repro file: comments with the failure, then the experiment. */
  public String yaml() {
    StringBuilder sb = new StringBuilder();
    sb.append("# vmcompare check: ").append(violation.invariant().title()).append(" broken\n");
    sb.append("#   system: ").append(violation.system()).append('\n');
    sb.append("#   where:  ").append(violation.where()).append('\n');
    sb.append("#   what:   ").append(violation.message().replace('\n', ' ')).append('\n');
    if (!faults.isEmpty()) {
      sb.append("#   planted faults (test-only): ").append(String.join(", ", faults)).append('\n');
    }
    sb.append("# shrunk from ")
        .append(originalSteps)
        .append(" steps to ")
        .append(steps())
        .append("; ")
        .append(replayHint())
        .append('\n');
    if (end != Shrinker.End.NOTHING_MORE) {
      sb.append("# ").append(unfinished()).append('\n');
    }
    sb.append(YamlWriter.write(experiment));
    return sb.toString();
  }

  /**
   * How to see the failure again: checked mode for every invariant but the stack property, which
   * compares runs (the two variants' faults) or a recorded string (OPT) rather than checking one.
   */
  private String replayHint() {
    if (violation.invariant() != Invariant.STACK_PROPERTY) {
      return "replay it with: vmcompare check THIS.yaml";
    }
    return experiment.systems().size() == 2
        ? "see it with: vmcompare run THIS.yaml (the second variant faults more)"
        : "it is OPT on this experiment's reference string, given above";
  }

  /** A step (or any record the language writes) as one line of flow YAML. */
  static String oneLine(Object record) {
    StringBuilder sb = new StringBuilder();
    flow(YamlWriter.plain(record), sb);
    return sb.toString();
  }

  private static void flow(Object v, StringBuilder sb) {
    if (v instanceof Map<?, ?> m) {
      boolean top = sb.length() == 0 && m.size() == 1;
      sb.append(top ? "" : "{");
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(sep).append(e.getKey()).append(": ");
        flow(e.getValue(), sb);
        sep = ", ";
      }
      sb.append(top ? "" : "}");
    } else if (v instanceof List<?> l) {
      sb.append('[');
      String sep = "";
      for (Object o : l) {
        sb.append(sep);
        flow(o, sb);
        sep = ", ";
      }
      sb.append(']');
    } else {
      String s = String.valueOf(v);
      sb.append(s.contains(":") || s.isEmpty() ? "\"" + s + "\"" : s);
    }
  }
}

package org.vmcompare.check;

import java.util.Objects;

/**
 * One broken invariant: which, on which system, where in the workload, and what was seen.
 *
 * @param system the system variant's label
 * @param process the process that was running (empty when the check ran after the run)
 * @param step 1-based index of the step that process had started (0: after the run)
 * @param stepText the step as YAML, one line (empty when {@code step} is 0)
 * @param message what was expected and what was found
 */
public record Violation(
    Invariant invariant,
    String system,
    String process,
    long step,
    String stepText,
    String message) {
  public Violation {
    Objects.requireNonNull(invariant, "invariant is null");
    Objects.requireNonNull(system, "system is null");
    process = process == null ? "" : process;
    stepText = stepText == null ? "" : stepText;
    Objects.requireNonNull(message, "message is null");
  }

  /** Where it broke, for people: {@code process app, step 3 (touch: {...})} or after the run. */
  public String where() {
    if (step == 0) {
      return process.isEmpty() ? "after the run" : "process " + process + ", before its first step";
    }
    return "process " + process + ", step " + step + " (" + stepText + ")";
  }

  /**
   * Whether another violation is the same failure, for the shrinker: the invariant, on the same OS
   * (the label's first word: the shrinker may set an option back to its default, which relabels the
   * variant).
   */
  public boolean sameFailure(Violation other) {
    return other != null && invariant == other.invariant && os(system).equals(os(other.system));
  }

  private static String os(String label) {
    int space = label.indexOf(' ');
    return space < 0 ? label : label.substring(0, space);
  }

  @Override
  public String toString() {
    return invariant.title() + " broken on " + system + " at " + where() + ": " + message;
  }
}

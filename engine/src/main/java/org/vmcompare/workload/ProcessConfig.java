package org.vmcompare.workload;

import java.util.List;
import org.vmcompare.os.ProcAttributes;

/**
 * One simulated process: its name, when it starts (at a time, or after another process exits, to
 * model a relaunch), the attributes each OS reads, and its steps.
 */
public record ProcessConfig(
    String name,
    SimDuration start,
    String after,
    Integer nice,
    Integer oomScoreAdj,
    Integer memoryPriority,
    ByteSize workingSetMin,
    ByteSize workingSetMax,
    Integer jetsamBand,
    List<Step> steps) {

  public ProcessConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: is required");
    }
    if (start != null && after != null) {
      throw new IllegalArgumentException(
          "after: give either start (a time) or after (a process that must exit first)");
    }
    if (steps == null || steps.isEmpty()) {
      throw new IllegalArgumentException("steps: a process needs at least one step");
    }
    steps = List.copyOf(steps);
  }

  /** The attributes with each OS's defaults for unset keys. */
  public ProcAttributes attributes(long pageSize) {
    ProcAttributes d = ProcAttributes.DEFAULT;
    try {
      return new ProcAttributes(
          nice == null ? d.nice() : nice,
          oomScoreAdj == null ? d.oomScoreAdj() : oomScoreAdj,
          memoryPriority == null ? d.memoryPriority() : memoryPriority,
          workingSetMin == null ? d.workingSetMinPages() : workingSetMin.toPages(pageSize),
          workingSetMax == null ? d.workingSetMaxPages() : workingSetMax.toPages(pageSize),
          jetsamBand == null ? d.jetsamBand() : jetsamBand);
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new IllegalArgumentException(m, e);
    }
  }
}

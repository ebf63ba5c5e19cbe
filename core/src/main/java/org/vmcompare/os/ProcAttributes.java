package org.vmcompare.os;

/**
 * The per-process knobs each OS reads: Linux nice and oom_score_adj, Windows memory priority (1
 * very low … 5 normal) and working-set limits, macOS jetsam band. Defaults are each OS's.
 */
public record ProcAttributes(
    int nice,
    int oomScoreAdj,
    int memoryPriority,
    long workingSetMinPages,
    long workingSetMaxPages,
    int jetsamBand) {
  public static final ProcAttributes DEFAULT = new ProcAttributes(0, 0, 5, 50, 345, 100);

  public ProcAttributes {
    if (nice < -20 || nice > 19) {
      throw new IllegalArgumentException("nice must be in -20..19, got " + nice);
    }
    if (oomScoreAdj < -1000 || oomScoreAdj > 1000) {
      throw new IllegalArgumentException("oomScoreAdj must be in -1000..1000, got " + oomScoreAdj);
    }
    if (memoryPriority < 1 || memoryPriority > 5) {
      throw new IllegalArgumentException("memoryPriority must be in 1..5, got " + memoryPriority);
    }
    if (workingSetMinPages < 0 || workingSetMaxPages < workingSetMinPages) {
      throw new IllegalArgumentException(
          "workingSet min/max must satisfy 0 <= min <= max, got "
              + workingSetMinPages
              + "/"
              + workingSetMaxPages);
    }
    if (jetsamBand < 0 || jetsamBand > 210) {
      throw new IllegalArgumentException("jetsamBand must be in 0..210, got " + jetsamBand);
    }
  }
}

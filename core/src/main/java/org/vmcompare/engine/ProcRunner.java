package org.vmcompare.engine;

import java.util.List;
import org.vmcompare.os.Proc;
import org.vmcompare.workload.Step;

/** The engine's cursor through one process's steps. */
final class ProcRunner {
  final Proc proc;
  final List<Step> steps;
  final int index;
  int nextStep;
  RefStream stream;

  /** References left over when the process blocked mid-batch; re-issued first. */
  long[] pending = new long[0];

  int pendingPos;
  int pendingLen;

  ProcRunner(Proc proc, List<Step> steps, int index) {
    this.proc = proc;
    this.steps = steps;
    this.index = index;
  }

  /** The generator for the step about to run (nextStep already advanced past it). */
  java.util.SplittableRandom stepRandom(long seed) {
    return Simulation.random(seed, index, nextStep - 1);
  }

  boolean hasPending() {
    return pendingPos < pendingLen;
  }

  void savePending(long[] buf, int from, int to) {
    if (pending.length < to - from) {
      pending = new long[to - from];
    }
    System.arraycopy(buf, from, pending, 0, to - from);
    pendingPos = 0;
    pendingLen = to - from;
  }

  boolean hasMoreSteps() {
    return nextStep < steps.size();
  }
}

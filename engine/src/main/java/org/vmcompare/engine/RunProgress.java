package org.vmcompare.engine;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * How far a set of runs has got, in references made and runs finished, shared by every worker
 * thread: so a progress bar moves during one long run instead of waiting for it to end. Each run
 * adds its references after a quantum once 65,536 or more have gathered, and the rest at its end.
 */
public final class RunProgress {
  /** Progress nobody watches. */
  public static final RunProgress NONE = new RunProgress();

  private final LongAdder references = new LongAdder();
  private final AtomicInteger runsDone = new AtomicInteger();

  void addReferences(long n) {
    references.add(n);
  }

  void runDone() {
    runsDone.incrementAndGet();
  }

  /** References made so far by every run. */
  public long references() {
    return references.sum();
  }

  /** Runs finished so far. */
  public int runsDone() {
    return runsDone.get();
  }
}

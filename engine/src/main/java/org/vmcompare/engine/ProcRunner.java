package org.vmcompare.engine;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.vmcompare.os.Proc;
import org.vmcompare.workload.SimDuration;
import org.vmcompare.workload.Step;

/**
 * The engine's cursor through one process's steps, including nested {@code repeat} blocks. A runner
 * may exist before its process does: a process that starts at a time or after another one exits
 * gets its {@link Proc} when it starts.
 */
final class ProcRunner {
  final String name;
  final long startAt;
  final String after;

  /** Identifies the process's randomness: its index in the file, or derived for a fork child. */
  final long randomIndex;

  Proc proc;
  RefStream stream;

  /** An operation that answered BLOCKED: its rest is called first when the process runs again. */
  StepExecutor.BlockedOp blockedOp;

  /** References left over when the process blocked mid-batch; re-issued first. */
  long[] pending = new long[0];

  int pendingPos;
  int pendingLen;

  /**
   * How far into {@link #pending} the engine has already loaded PTEs ahead (an index; the hints are
   * not issued twice when a process that blocks every few references resumes).
   */
  int prefetchedTo;

  /** Steps started so far; with randomIndex it seeds each step's generator. */
  long stepsStarted;

  private final Deque<Frame> stack = new ArrayDeque<>();

  /** A block of steps being run, with how many more times to run it after this pass. */
  private static final class Frame {
    final List<Step> steps;
    int next;
    long remaining;

    Frame(List<Step> steps, long remaining) {
      this.steps = steps;
      this.remaining = remaining;
    }
  }

  ProcRunner(String name, SimDuration start, String after, List<Step> steps, long randomIndex) {
    this.name = name;
    this.startAt = start == null ? 0 : start.nanos();
    this.after = after;
    this.randomIndex = randomIndex;
    stack.push(new Frame(steps, 0));
  }

  /** The next step to run, entering and leaving repeat blocks; null when the steps are done. */
  Step nextStep() {
    while (!stack.isEmpty()) {
      Frame f = stack.peek();
      if (f.next < f.steps.size()) {
        Step s = f.steps.get(f.next++);
        if (s instanceof Step.Repeat r) {
          stack.push(new Frame(r.steps(), r.times() - 1));
          continue;
        }
        stepsStarted++;
        return s;
      }
      if (f.remaining > 0) {
        f.remaining--;
        f.next = 0;
        continue;
      }
      stack.pop();
    }
    return null;
  }

  boolean started() {
    return proc != null;
  }

  boolean hasPending() {
    return pendingPos < pendingLen;
  }

  /**
   * Drops everything the process still had to do (its process ended, perhaps killed by another):
   * the stream is closed, so a trace file is released, and no further reference comes from it.
   */
  void abandon() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
    pendingPos = 0;
    pendingLen = 0;
    blockedOp = null;
  }

  /**
   * Keeps references {@code [from, to)} of {@code buf} to re-issue first, without copying them.
   * {@code buf} is either this runner's pending array, whose window just moves, or the engine's
   * batch buffer, which the runner takes over; then the array it held before, with nothing left in
   * it, is returned for the engine to use as its batch buffer from now on (null in the first case).
   * A process that blocks on a hard fault every few references used to copy the rest of its batch,
   * up to 32 KiB, each time. {@code prefetched} is how far into {@code buf} PTEs were loaded ahead.
   */
  long[] keepPending(long[] buf, int from, int to, int prefetched) {
    prefetchedTo = prefetched;
    if (buf == pending) {
      pendingPos = from;
      pendingLen = to;
      return null;
    }
    long[] old = pending;
    pending = buf;
    pendingPos = from;
    pendingLen = to;
    return old;
  }

  /** The generator for the step just returned by {@link #nextStep}. */
  SplittableRandom stepRandom(long seed) {
    return Simulation.random(seed, randomIndex, stepsStarted);
  }
}

package org.vmcompare.check;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.TraceReplayer;

/**
 * Invariant 7, on the policies a system replays ({@link OsModuleProvider#traceReplayer}): LRU and
 * OPT are stack algorithms, so on any reference string they never miss more with one frame more;
 * FIFO is not, and must show Belady's anomaly on the lecture's string (9 misses with 3 frames, 10
 * with 4). A counterexample is shrunk to the shortest string that still shows it.
 */
final class StackProperty {
  /** The lecture's string for Belady's anomaly. */
  static final long[] BELADY = {3, 2, 1, 0, 3, 2, 4, 3, 2, 1, 0, 4};

  private static final List<String> STACK_POLICIES = List.of("LRU", "OPT");

  private StackProperty() {}

  /** FIFO's anomaly on {@link #BELADY}, or the violation when it does not show. */
  static Violation belady(String system, TraceReplayer replayer) {
    if (!replayer.policies().contains("FIFO")) {
      return null;
    }
    long three = misses(replayer, "FIFO", 3, BELADY);
    long four = misses(replayer, "FIFO", 4, BELADY);
    if (three == 9 && four == 10) {
      return null;
    }
    return violation(
        system,
        "FIFO missed "
            + three
            + " times with 3 frames and "
            + four
            + " with 4 on "
            + text(BELADY)
            + " (Belady's anomaly: 9 and 10)");
  }

  /** One random string: every stack policy, every frame count. Null when it holds. */
  static Violation random(String system, TraceReplayer replayer, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int pages = 2 + rnd.nextInt(8);
    long[] refs = new long[8 + rnd.nextInt(40)];
    for (int i = 0; i < refs.length; i++) {
      refs[i] = rnd.nextInt(pages);
    }
    for (String policy : STACK_POLICIES) {
      if (!replayer.policies().contains(policy)) {
        continue;
      }
      int frames = anomaly(replayer, policy, refs, pages);
      if (frames > 0) {
        long[] small = shrink(replayer, policy, refs, pages);
        int f = anomaly(replayer, policy, small, pages);
        return violation(
            system,
            policy
                + " missed "
                + misses(replayer, policy, f, small)
                + " times with "
                + f
                + " frames but "
                + misses(replayer, policy, f + 1, small)
                + " with "
                + (f + 1)
                + " on "
                + text(small));
      }
    }
    return null;
  }

  /** The smallest frame count after which one more frame misses more, or 0. */
  static int anomaly(TraceReplayer r, String policy, long[] refs, int pages) {
    long before = misses(r, policy, 1, refs);
    for (int f = 1; f < pages; f++) {
      long after = misses(r, policy, f + 1, refs);
      if (after > before) {
        return f;
      }
      before = after;
    }
    return 0;
  }

  /** Removes references one at a time while the anomaly still shows. */
  static long[] shrink(TraceReplayer r, String policy, long[] refs, int pages) {
    long[] best = refs;
    for (int i = best.length - 1; i >= 0; i--) {
      long[] fewer = new long[best.length - 1];
      System.arraycopy(best, 0, fewer, 0, i);
      System.arraycopy(best, i + 1, fewer, i, best.length - i - 1);
      if (fewer.length > 0 && anomaly(r, policy, fewer, pages) > 0) {
        best = fewer;
      }
    }
    return best;
  }

  static long misses(TraceReplayer r, String policy, int frames, long[] refs) {
    boolean[] done = new boolean[1];
    TraceReplayer.PageSource source =
        buf -> {
          if (done[0]) {
            return -1;
          }
          done[0] = true;
          System.arraycopy(refs, 0, buf, 0, refs.length);
          return refs.length;
        };
    return r.replay(new TraceReplayer.Request(policy, frames, 1), source, null).misses();
  }

  private static Violation violation(String system, String message) {
    return new Violation(Invariant.STACK_PROPERTY, system, "", 0, "", message);
  }

  static String text(long[] refs) {
    return Arrays.stream(refs).mapToObj(Long::toString).collect(Collectors.joining(" "));
  }
}

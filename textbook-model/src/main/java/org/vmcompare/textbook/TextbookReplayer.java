package org.vmcompare.textbook;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.vmcompare.os.TraceReplayer;
import org.vmcompare.util.LongArrayList;

/**
 * The replay loop of {@code vmcompare textbook}, beside the policies it drives: streams pages
 * through one policy, or loads them whole first for OPT, and optionally prints each step in the
 * shape of OSTEP's {@code paging-policy.py -c} so answers can be compared line by line.
 */
public final class TextbookReplayer implements TraceReplayer {
  private static final int CHUNK = 1 << 16;

  private final boolean wrongOpt;

  /** The replayer of {@code vmcompare textbook}. */
  public TextbookReplayer() {
    this(false);
  }

  /**
   * A replayer whose OPT evicts the wrong page when {@code wrongOpt}: a test-only bug the check
   * engine must catch as a broken stack property (the textbook's {@code opt-evicts-wrong-page}).
   */
  public TextbookReplayer(boolean wrongOpt) {
    this.wrongOpt = wrongOpt;
  }

  @Override
  public List<String> policies() {
    return Policies.NAMES;
  }

  @Override
  public String policyName(String name) {
    return Policies.canonicalName(name);
  }

  @Override
  public Result replay(Request request, PageSource source, PrintWriter steps) {
    String name = Policies.canonicalName(request.policy());
    Loop loop;
    if (Policies.needsFuture(name)) {
      long[] all = loadAll(source);
      ReplacementPolicy opt =
          wrongOpt
              ? new OptPolicy(request.frames(), all, true)
              : Policies.create(name, request.frames(), request.seed(), all);
      loop = new Loop(opt, steps);
      loop.feed(all, all.length);
    } else {
      loop = new Loop(Policies.create(name, request.frames(), request.seed(), null), steps);
      long[] buf = new long[CHUNK];
      int n;
      while ((n = source.read(buf)) != -1) {
        loop.feed(buf, n);
      }
    }
    return new Result(name, request.frames(), loop.references, loop.hits, loop.loopNanos);
  }

  private static long[] loadAll(PageSource source) {
    LongArrayList all = new LongArrayList(CHUNK);
    long[] buf = new long[CHUNK];
    int n;
    while ((n = source.read(buf)) != -1) {
      if ((long) all.size() + n > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "too many references for OPT (it holds the whole trace in memory)");
      }
      all.addAll(buf, 0, n);
    }
    return all.toArray();
  }

  /** Runs references through the policy, timing only the policy calls. */
  private static final class Loop {
    private final ReplacementPolicy policy;
    private final PrintWriter steps;
    private final String left;
    private final String right;
    long references;
    long hits;
    long loopNanos;

    Loop(ReplacementPolicy policy, PrintWriter steps) {
      this.policy = policy;
      this.steps = steps;
      switch (policy.name()) {
        case "FIFO" -> {
          left = "FirstIn";
          right = "Lastin ";
        }
        case "LRU" -> {
          left = "LRU";
          right = "MRU";
        }
        default -> {
          left = "Left ";
          right = "Right";
        }
      }
    }

    void feed(long[] pages, int n) {
      if (steps == null) {
        long t0 = System.nanoTime();
        hits += policy.accessAll(pages, 0, n);
        loopNanos += System.nanoTime() - t0;
        references += n;
        return;
      }
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        boolean hit = policy.access(pages[i]);
        loopNanos += System.nanoTime() - t0;
        references++;
        if (hit) {
          hits++;
        }
        printStep(pages[i], hit);
      }
    }

    /** The line {@code paging-policy.py -c} prints. */
    private void printStep(long page, boolean hit) {
      String resident =
          Arrays.stream(policy.residentInOrder())
              .mapToObj(Long::toString)
              .collect(Collectors.joining(", ", "[", "]"));
      long victim = policy.lastVictim();
      steps.printf(
          Locale.ROOT,
          "Access: %d  %s %s -> %12s <- %s Replaced:%s [Hits:%d Misses:%d]%n",
          page,
          hit ? "HIT " : "MISS",
          left,
          resident,
          right,
          victim < 0 ? "-" : Long.toString(victim),
          hits,
          references - hits);
    }
  }
}

package org.vmcompare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vmcompare.common.InputError;
import org.vmcompare.common.Quantities;
import org.vmcompare.textbook.Policies;
import org.vmcompare.textbook.ReplacementPolicy;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.trace.TraceReader;
import org.vmcompare.trace.TraceReaders;
import org.vmcompare.trace.TraceRecord;
import org.vmcompare.util.LongArrayList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays a trace through one textbook replacement policy and prints hits and misses.
 *
 * <p>It exists so students can check their paper answers (the {@code --steps} output has the same
 * shape as OSTEP's {@code paging-policy.py -c}) and researchers can get exact miss counts for large
 * traces quickly. The last line of output is always {@code FINAL policy=... misses=...} so scripts
 * can grep it.
 */
@Command(
    name = "textbook",
    mixinStandardHelpOptions = true,
    description = {
      "Replays a memory trace through a textbook page-replacement policy (FIFO, LRU, CLOCK,",
      "OPT, RANDOM) over a fixed number of frames and counts hits and misses.",
      "The trace streams from disk, except for OPT, which must see the whole trace first."
    },
    footer = {
      "",
      "Output ends with one line: FINAL policy=P frames=N references=R hits=H misses=M",
      "The time of the simulation loop alone is printed on stderr.",
      "",
      "Examples:",
      "  printf '3\\n2\\n1\\n0\\n3\\n2\\n4\\n3\\n2\\n1\\n0\\n4\\n' > belady.pages",
      "  vmcompare textbook --trace belady.pages --policy FIFO --frames 3 --steps",
      "  vmcompare textbook --trace prog.lackey --policy LRU --frames 1k --page-size 4KiB",
      "  vmcompare textbook --trace /tmp/zipf10m.vmct --policy LRU --frames 262144"
    })
public final class TextbookCommand implements Callable<Integer> {
  private static final int CHUNK = 1 << 16;
  private static final int MAX_FRAMES = 1 << 28;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--trace",
      required = true,
      paramLabel = "FILE",
      description = "the trace to replay")
  Path trace;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "pages, addresses, lackey or binary (default: detected from the content)")
  String format;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "POLICY",
      description = "FIFO, LRU, CLOCK, OPT or RANDOM")
  String policy;

  @Option(
      names = "--frames",
      required = true,
      paramLabel = "N",
      description = "number of page frames (count suffixes allowed: 4k = 4000)")
  String frames;

  @Option(
      names = "--page-size",
      defaultValue = "4KiB",
      paramLabel = "SIZE",
      description =
          "page size for byte-address traces (addresses, lackey); default ${DEFAULT-VALUE}")
  String pageSize;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "N",
      description = "random seed for RANDOM; default ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--steps",
      description =
          "print one line per reference: HIT/MISS, resident pages in policy order, victim")
  boolean steps;

  @Override
  public Integer call() {
    String policyName = policyName(policy);
    int frameCount = frameCount(frames);
    int pageShift = pageShift(pageSize);
    TraceFormat traceFormat = format == null ? null : traceFormat(format);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    Replay replay;
    if (Policies.needsFuture(policyName)) {
      long[] all = loadPages(trace, traceFormat, pageShift);
      ReplacementPolicy p = Policies.create(policyName, frameCount, seed, all);
      replay = new Replay(p, steps ? out : null);
      replay.feed(all, all.length);
    } else {
      ReplacementPolicy p = Policies.create(policyName, frameCount, seed, null);
      replay = new Replay(p, steps ? out : null);
      try (TraceReader reader = TraceReaders.open(trace, traceFormat, pageShift)) {
        long[] buf = new long[CHUNK];
        int n;
        while ((n = reader.read(buf)) != -1) {
          toPages(buf, n);
          replay.feed(buf, n);
        }
      }
    }
    out.printf(
        Locale.ROOT,
        "FINAL policy=%s frames=%d references=%d hits=%d misses=%d%n",
        policyName,
        frameCount,
        replay.references,
        replay.hits,
        replay.references - replay.hits);
    out.flush();
    err.println(timing(replay.references, replay.loopNanos));
    err.flush();
    return 0;
  }

  /** Runs references through the policy, timing only the policy calls. */
  private static final class Replay {
    private final ReplacementPolicy policy;
    private final PrintWriter steps;
    private final String left;
    private final String right;
    long references;
    long hits;
    long loopNanos;

    Replay(ReplacementPolicy policy, PrintWriter steps) {
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

    /** The line {@code paging-policy.py -c} prints, so answers can be compared line by line. */
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

  static String timing(long references, long nanos) {
    double seconds = nanos / 1e9;
    String rate =
        nanos <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1fM refs/s", references / seconds / 1e6);
    return String.format(Locale.ROOT, "loop: %d refs in %.3f s = %s", references, seconds, rate);
  }

  /** Strips the write bit: textbook policies only see pages. */
  private static void toPages(long[] records, int n) {
    for (int i = 0; i < n; i++) {
      records[i] &= TraceRecord.PAGE_MASK;
    }
  }

  private static long[] loadPages(Path file, TraceFormat format, int pageShift) {
    LongArrayList all = new LongArrayList(CHUNK);
    try (TraceReader reader = TraceReaders.open(file, format, pageShift)) {
      long[] buf = new long[CHUNK];
      int n;
      while ((n = reader.read(buf)) != -1) {
        if ((long) all.size() + n > Integer.MAX_VALUE - 8) {
          throw InputError.inFile(
              file, "too many references for OPT (it holds the whole trace in memory)");
        }
        toPages(buf, n);
        all.addAll(buf, 0, n);
      }
    }
    return all.toArray();
  }

  static String policyName(String name) {
    try {
      return Policies.canonicalName(name);
    } catch (IllegalArgumentException e) {
      throw InputError.of("--policy", e.getMessage());
    }
  }

  static int frameCount(String text) {
    long n;
    try {
      n = Quantities.parseCount(text);
    } catch (IllegalArgumentException e) {
      throw InputError.of("--frames", e.getMessage());
    }
    if (n < 1 || n > MAX_FRAMES) {
      throw InputError.of("--frames", "must be between 1 and " + MAX_FRAMES + ", got " + n);
    }
    return (int) n;
  }

  static int pageShift(String text) {
    try {
      return TraceReaders.pageShiftOf(Quantities.parseBytes(text));
    } catch (IllegalArgumentException e) {
      throw InputError.of("--page-size", e.getMessage());
    }
  }

  static TraceFormat traceFormat(String text) {
    try {
      return TraceFormat.parse(text);
    } catch (IllegalArgumentException e) {
      throw InputError.of("--format", e.getMessage());
    }
  }
}

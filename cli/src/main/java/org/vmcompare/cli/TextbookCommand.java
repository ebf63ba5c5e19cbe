package org.vmcompare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vmcompare.common.InputError;
import org.vmcompare.common.Quantities;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.os.TraceReplayer;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.trace.TraceReader;
import org.vmcompare.trace.TraceReaders;
import org.vmcompare.trace.TraceRecord;
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
    header = "Replays a trace through one textbook replacement policy and counts misses.",
    description = {
      "Replays a memory trace through a textbook page-replacement policy (FIFO, LRU, CLOCK, OPT,"
          + " RANDOM) over a fixed number of frames and counts hits and misses.",
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
      "  vmcompare textbook --trace prog.lackey --policy LRU --frames 1k",
      "  vmcompare textbook --trace zipf10m.vmct --policy LRU --frames 262144"
    })
public final class TextbookCommand implements Callable<Integer> {
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
    TraceReplayer replayer = replayer();
    String policyName = policyName(replayer, policy);
    int frameCount = frameCount(frames);
    int pageShift = pageShift(pageSize);
    TraceFormat traceFormat = format == null ? null : traceFormat(format);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    TraceReplayer.Result result;
    try (TraceReader reader = TraceReaders.open(trace, traceFormat, pageShift)) {
      TraceReplayer.PageSource pages =
          buf -> {
            int n = reader.read(buf);
            for (int i = 0; i < n; i++) {
              buf[i] &= TraceRecord.PAGE_MASK; // textbook policies only see pages
            }
            return n;
          };
      result =
          replayer.replay(
              new TraceReplayer.Request(policyName, frameCount, seed), pages, steps ? out : null);
    } catch (IllegalArgumentException e) {
      throw InputError.inFile(trace, e.getMessage());
    }
    out.printf(
        Locale.ROOT,
        "FINAL policy=%s frames=%d references=%d hits=%d misses=%d%n",
        result.policy(),
        result.frames(),
        result.references(),
        result.hits(),
        result.misses());
    out.flush();
    err.println(timing(result.references(), result.loopNanos()));
    err.flush();
    return 0;
  }

  /** The textbook model's replayer, found like any model: through the registry. */
  static TraceReplayer replayer() {
    return OsRegistry.load()
        .get("textbook")
        .traceReplayer()
        .orElseThrow(() -> new IllegalStateException("the textbook model offers no replayer"));
  }

  static String timing(long references, long nanos) {
    double seconds = nanos / 1e9;
    String rate =
        nanos <= 0 ? "n/a" : String.format(Locale.ROOT, "%.1fM refs/s", references / seconds / 1e6);
    return String.format(Locale.ROOT, "loop: %d refs in %.3f s = %s", references, seconds, rate);
  }

  static String policyName(TraceReplayer replayer, String name) {
    try {
      return replayer.policyName(name);
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

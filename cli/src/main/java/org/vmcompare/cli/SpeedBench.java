package org.vmcompare.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vmcompare.common.InputError;
import org.vmcompare.engine.ExperimentRunner;
import org.vmcompare.engine.RunPlan;
import org.vmcompare.engine.RunProgress;
import org.vmcompare.hw.Access;
import org.vmcompare.hw.CostModel;
import org.vmcompare.hw.Machine;
import org.vmcompare.hw.MachineSpec;
import org.vmcompare.hw.PageTable;
import org.vmcompare.hw.PagingMode;
import org.vmcompare.hw.Pte;
import org.vmcompare.hw.TlbConfig;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.pattern.AccessPatterns;
import org.vmcompare.trace.BinaryTraceWriter;
import org.vmcompare.trace.TraceGenerator;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;

/**
 * The measurements behind {@code vmcompare bench}: the speed targets of issues 7, 9 and 10 as
 * docs/performance.md defines them, on whatever machine the user has, so that a figure there can be
 * checked with one command instead of a benchmark build. Each experiment is the YAML that document
 * gives, written next to the generated trace and loaded by the real loader; each rate is references
 * per second of the run thread's CPU time (on a shared machine, wall time measures the neighbours).
 */
final class SpeedBench {
  /** The four benchmarks, in display order. */
  enum Kind {
    TLB("tlb", "TLB-hit loop (issue 7)", 50e6),
    CLOCK("clock", "textbook CLOCK, zipf (issue 7)", 10e6),
    WINDOWS("windows", "Windows model, zipf (issue 9)", 5e6),
    MACOS("macos", "macOS model, zipf (issue 10)", 5e6);

    final String id;
    final String label;
    final double target;

    Kind(String id, String label, double target) {
      this.id = id;
      this.label = label;
      this.target = target;
    }
  }

  /** The trace's size; the targets hold for the default, the one docs/performance.md measures. */
  record Sizes(long refs, long pages, long seed) {
    static final long DEFAULT_REFS = 10_000_000;
    static final long DEFAULT_PAGES = 1_000_000;

    /**
     * Frames of RAM for the models: a quarter of the pages, to the next power of two (262,144, 1
     * GiB, for the default million pages), at least 64.
     */
    long frames() {
      return Math.max(64, Long.highestOneBit(Math.max(1, pages / 4 - 1)) << 1);
    }

    boolean isDefault() {
      return refs == DEFAULT_REFS && pages == DEFAULT_PAGES;
    }
  }

  /** What one benchmark measured: a rate per measured round, and the run's faults (0 for TLB). */
  record Measured(Kind kind, double[] rates, long faults) {}

  private static final int TLB_PAGES = 512;
  private static final int TLB_WRITE_PERCENT = 25;
  private static final int TLB_REFS = 1 << 16;
  private static final int TLB_PASSES = 100;
  static final int TLB_WARMUP_ROUNDS = 10;

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
  private final AtomicLong tlbDone = new AtomicLong();
  private final AtomicLong traceDone = new AtomicLong();
  private final RunProgress runs = new RunProgress();

  /** Whether the rates are in CPU time (else wall time, where the JVM cannot read CPU time). */
  boolean cpuTime() {
    return cpuTime;
  }

  /** Work done so far in references (TLB hits weighted), for the progress bar. */
  long done() {
    return tlbDone.get() + traceDone.get() + runs.references();
  }

  /**
   * A TLB hit counts as this fraction of a reference in the progress: about what it costs against a
   * reference of the experiments, so the bar moves with the time.
   */
  private static final int TLB_PROGRESS_DIVISOR = 32;

  /** What the TLB loop adds to the progress in {@code rounds} measured rounds and its warm-up. */
  static long tlbProgress(int rounds) {
    return (long) (rounds * 4 + TLB_WARMUP_ROUNDS) * TLB_PASSES * TLB_REFS / TLB_PROGRESS_DIVISOR;
  }

  private long now() {
    return cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /**
   * The MMU's TLB-hit path alone: 512 mapped pages, 65,536 random references to them (a quarter
   * writes) translated 100 times a round; ten rounds to warm up, then four times {@code rounds}.
   */
  Measured tlbLoop(int rounds) {
    Machine m =
        new Machine(
            new MachineSpec(
                1L << 30,
                4096,
                PagingMode.X86_64,
                TlbConfig.DEFAULT,
                CostModel.DEFAULT,
                0,
                16L << 20));
    PageTable pt = m.pageTables().create(1);
    long base = 0x100_0000L;
    int firstFrame = m.memory().kernelFrames();
    for (int i = 0; i < TLB_PAGES; i++) {
      m.map(pt, base + i, firstFrame + i, Pte.USER | Pte.WRITABLE);
    }
    SplittableRandom random = new SplittableRandom(42);
    long[] vaddrs = new long[TLB_REFS];
    int[] accesses = new int[TLB_REFS];
    for (int i = 0; i < TLB_REFS; i++) {
      vaddrs[i] = ((base + random.nextInt(TLB_PAGES)) << 12) | random.nextInt(4096);
      accesses[i] = random.nextInt(100) < TLB_WRITE_PERCENT ? Access.WRITE : Access.READ;
    }
    double[] rates = new double[rounds * 4];
    long sink = 0;
    for (int round = 0; round < TLB_WARMUP_ROUNDS + rates.length; round++) {
      long t0 = now();
      sink += tlbRound(m, pt, vaddrs, accesses);
      long t1 = now();
      tlbDone.addAndGet((long) TLB_PASSES * TLB_REFS / TLB_PROGRESS_DIVISOR);
      if (round >= TLB_WARMUP_ROUNDS) {
        rates[round - TLB_WARMUP_ROUNDS] = (double) TLB_PASSES * TLB_REFS / seconds(t0, t1);
      }
    }
    if (sink < 0) {
      throw new IllegalStateException("a TLB hit faulted: " + sink); // and keeps the loop alive
    }
    return new Measured(Kind.TLB, rates, 0);
  }

  /** One round of the TLB loop, a method of its own so that the JIT compiles it whole. */
  private static long tlbRound(Machine m, PageTable pt, long[] vaddrs, int[] accesses) {
    long sink = 0;
    for (int pass = 0; pass < TLB_PASSES; pass++) {
      for (int i = 0; i < vaddrs.length; i++) {
        sink += m.mmu().translate(pt, vaddrs[i], accesses[i]);
      }
    }
    return sink;
  }

  /** Writes the zipf(0.9) trace the three experiments replay into {@code dir}. */
  void writeTrace(Path dir, Sizes sizes) {
    Path file = dir.resolve("zipf.vmct");
    file.toFile().deleteOnExit(); // also when the user stops the command (a shutdown hook)
    try (BinaryTraceWriter writer = new BinaryTraceWriter(file, 12)) {
      TraceGenerator.generate(
          AccessPatterns.parse("zipf:0.9", sizes.pages()),
          sizes.refs(),
          sizes.seed(),
          0.0,
          writer,
          traceDone::set);
    } catch (IOException e) {
      throw InputError.inFile(file, "cannot write the benchmark's trace: " + e.getMessage());
    }
  }

  /**
   * One experiment of docs/performance.md over the trace in {@code dir}, {@code warmup} rounds and
   * then {@code rounds} measured ones, one after the other on this thread. Every round must end as
   * the first did (same faults): the simulation is deterministic, and a round that differs is a
   * bug, not noise.
   */
  Measured experiment(Kind kind, Path dir, Sizes sizes, int warmup, int rounds) {
    Path yaml = dir.resolve(kind.id + ".yaml");
    yaml.toFile().deleteOnExit();
    try {
      Files.writeString(yaml, yaml(kind, sizes));
    } catch (IOException e) {
      throw InputError.inFile(yaml, "cannot write the benchmark's experiment: " + e.getMessage());
    }
    LoadedExperiment exp = new ExperimentLoader(OsRegistry.load()).load(yaml);
    List<RunPlan> plans = ExperimentRunner.plan(exp, List.of(sizes.seed()));
    double[] rates = new double[rounds];
    long faults = -1;
    for (int round = 0; round < warmup + rounds; round++) {
      long references = 0;
      long roundFaults = 0;
      long t0 = now();
      for (RunPlan plan : plans) {
        RunResult r = ExperimentRunner.runOne(exp, plan, runs);
        if (!r.ok()) {
          throw new IllegalStateException(
              kind.id + ": the run ended " + r.status() + ": " + r.error());
        }
        references += r.counter("references");
        roundFaults += r.counter("faults.minor") + r.counter("faults.major");
      }
      long t1 = now();
      if (faults >= 0 && roundFaults != faults) {
        throw new IllegalStateException(
            kind.id
                + ": round "
                + round
                + " counted "
                + roundFaults
                + " faults, the first "
                + faults);
      }
      faults = roundFaults;
      if (round >= warmup) {
        rates[round - warmup] = references / seconds(t0, t1);
      }
    }
    return new Measured(kind, rates, faults);
  }

  /** Memory per resident page of one model's run: the whole heap's, and core's machine alone. */
  record Footprint(String system, long heapBytes, long frames, long coreBytes) {
    double perFrame() {
      return (double) heapBytes / Math.max(1, frames);
    }

    double corePerFrame() {
      return (double) coreBytes / Math.max(1, frames);
    }
  }

  /** Bytes per resident page the models may take (issues 9 and 10), and core alone (issue 7). */
  static final double MODEL_BYTES_TARGET = 64;

  static final double CORE_BYTES_TARGET = 40;

  /**
   * The memory measurement of docs/performance.md ("the PFN database in 15 bytes a frame"): the
   * model replays a zipf trace over 245,000 pages (for 262,144 frames: RAM full of resident pages;
   * on a smaller machine 75% of its usable RAM) with no swap, in a JVM of its own ({@link
   * FootprintProbe}), which reports the heap per frame in use near the run's end.
   */
  Footprint footprint(String system, Path dir, Sizes sizes) {
    long frames = sizes.frames();
    // docs/performance.md's 245,000 pages on the default 262,144 frames; on a smaller machine 75%
    // of what the kernel leaves (16 MiB, or RAM/8 when less), which Windows' commit limit (RAM
    // less its reserves, scaled to the machine) admits
    long usable = frames - Math.min(4096, frames / 8);
    long pages = frames >= 262_144 ? frames * 245_000 / 262_144 : usable * 75 / 100;
    Path trace = dir.resolve("fit.vmct");
    if (!Files.exists(trace)) {
      trace.toFile().deleteOnExit();
      try (BinaryTraceWriter writer = new BinaryTraceWriter(trace, 12)) {
        TraceGenerator.generate(
            AccessPatterns.parse("zipf:0.9", pages), sizes.refs(), sizes.seed(), 0.0, writer);
      } catch (IOException e) {
        throw InputError.inFile(trace, "cannot write the benchmark's trace: " + e.getMessage());
      }
    }
    Path yaml = dir.resolve("memory-" + system + ".yaml");
    yaml.toFile().deleteOnExit();
    String text =
        String.format(
            Locale.ROOT,
            "name: bench-memory-%s%nmachine: {ram: %dpages, swap: 0}%nsystems: [{os: %s}]%n"
                + "seeds: [%d]%n"
                + "processes: [{name: replay, %ssteps: [{trace: {file: fit.vmct}}]}]%n",
            system,
            frames,
            system,
            sizes.seed(),
            system.equals("windows") ? "workingSetMax: " + frames + "pages, " : "");
    try {
      Files.writeString(yaml, text);
      Process child =
          new ProcessBuilder(FootprintProbe.command(yaml, sizes.refs()))
              .redirectErrorStream(true)
              .start();
      String out = new String(child.getInputStream().readAllBytes());
      int code = child.waitFor();
      Matcher m = FOOTPRINT.matcher(out);
      if (code != 0 || !m.find()) {
        throw new IllegalStateException(
            "the memory probe for " + system + " failed (exit " + code + "): " + out.strip());
      }
      return new Footprint(
          system,
          Long.parseLong(m.group(1)),
          Long.parseLong(m.group(2)),
          Long.parseLong(m.group(3)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the memory probe ran", e);
    }
  }

  private static final Pattern FOOTPRINT =
      Pattern.compile("footprint heap=(\\d+) frames=(\\d+) core=(\\d+)");

  /** The experiment as docs/performance.md writes it, its sizes scaled with the trace's. */
  static String yaml(Kind kind, Sizes sizes) {
    long frames = sizes.frames();
    // twice the pages, to a power of two: 8 GiB for the default, so every page fits
    long swap = Long.highestOneBit(2 * sizes.pages() - 1) << 1;
    String steps = "steps: [{trace: {file: zipf.vmct}}]";
    return switch (kind) {
      case CLOCK ->
          // RAM with room for the frames and the kernel: 1200 MiB for 262,144 frames
          String.format(
              Locale.ROOT,
              "name: bench-clock%nmachine: {ram: %dpages, swap: %dpages}%n"
                  + "systems: [{os: textbook, options: {policy: CLOCK, frames: %d}}]%n"
                  + "processes: [{name: replay, %s}]%n",
              (frames * 1200 + 1023) / 1024,
              swap,
              frames,
              steps);
      case WINDOWS ->
          String.format(
              Locale.ROOT,
              "name: bench-windows%nmachine: {ram: %dpages, swap: %dpages}%n"
                  + "systems: [{os: windows}]%n"
                  + "processes: [{name: replay, workingSetMax: %dpages, %s}]%n",
              frames,
              swap,
              frames,
              steps);
      case MACOS ->
          String.format(
              Locale.ROOT,
              "name: bench-macos%nmachine: {ram: %dpages, swap: %dpages}%n"
                  + "systems: [{os: macos}]%n"
                  + "processes: [{name: replay, %s}]%n",
              frames,
              swap,
              steps);
      case TLB -> throw new IllegalArgumentException("the TLB loop is no experiment");
    };
  }

  private static double seconds(long t0, long t1) {
    return Math.max(1, t1 - t0) / 1e9;
  }
}

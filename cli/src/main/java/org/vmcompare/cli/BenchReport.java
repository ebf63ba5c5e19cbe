package org.vmcompare.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.vmcompare.cli.SpeedBench.Footprint;
import org.vmcompare.cli.SpeedBench.Kind;
import org.vmcompare.cli.SpeedBench.Measured;
import org.vmcompare.cli.SpeedBench.Sizes;

/**
 * {@code vmcompare bench}'s figures as a table or as JSON: per benchmark the median, quartiles and
 * best of the measured rounds against its target, and the Java and machine they were taken on,
 * because a rate means nothing without them.
 */
record BenchReport(
    Sizes sizes,
    int warmup,
    int rounds,
    boolean cpuTime,
    List<Measured> measured,
    List<Footprint> memory) {
  BenchReport(Sizes sizes, int warmup, int rounds, boolean cpuTime, List<Measured> measured) {
    this(sizes, warmup, rounds, cpuTime, measured, List.of());
  }

  /** Whether a footprint meets both memory targets (the model's and core's). */
  static boolean met(Footprint f) {
    return f.perFrame() <= SpeedBench.MODEL_BYTES_TARGET
        && f.corePerFrame() <= SpeedBench.CORE_BYTES_TARGET;
  }

  /** The target a benchmark is held to here, or null when the sizes are not the default. */
  Double target(Kind kind) {
    return kind == Kind.TLB || sizes.isDefault() ? kind.target : null;
  }

  boolean anyBelowTarget() {
    return measured.stream()
            .anyMatch(m -> target(m.kind()) != null && median(m.rates()) < target(m.kind()))
        || (sizes.isDefault() && memory.stream().anyMatch(f -> !met(f)));
  }

  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("vmcompare bench, references per second of the run thread's ")
        .append(cpuTime ? "CPU time" : "wall time (this JVM cannot read CPU time)")
        .append('\n');
    if (measured.stream().anyMatch(m -> m.kind() == Kind.TLB)) {
      sb.append(
          String.format(
              Locale.ROOT,
              "TLB-hit loop: 65,536 references to 512 mapped pages (a quarter writes), 100 times a"
                  + " round;%n  %d warm-up and %d measured rounds%n",
              SpeedBench.TLB_WARMUP_ROUNDS,
              rounds * 4));
    }
    if (measured.stream().anyMatch(m -> m.kind() != Kind.TLB)) {
      sb.append(
          String.format(
              Locale.ROOT,
              "experiments: a zipf(0.9) trace of %,d references over %,d pages (seed %d), RAM"
                  + " for%n  %,d frames; %d warm-up and %d measured rounds of each in one JVM%n",
              sizes.refs(),
              sizes.pages(),
              sizes.seed(),
              sizes.frames(),
              warmup,
              rounds));
    }
    sb.append('\n');
    sb.append(
        String.format(
            Locale.ROOT,
            "%-32s %8s %8s %17s %8s %11s  %s%n",
            "benchmark",
            "target",
            "median",
            "quartiles",
            "best",
            "faults",
            "verdict"));
    for (Measured m : measured) {
      double[] r = m.rates();
      Double target = target(m.kind());
      sb.append(
          String.format(
              Locale.ROOT,
              "%-32s %8s %8s %17s %8s %11s  %s%n",
              m.kind().label,
              target == null ? "-" : rate(target),
              rate(median(r)),
              rate(quantile(r, 0.25)) + " - " + rate(quantile(r, 0.75)),
              rate(Arrays.stream(r).max().orElse(0)),
              m.kind() == Kind.TLB ? "-" : String.format(Locale.ROOT, "%,d", m.faults()),
              target == null
                  ? "no target at these sizes"
                  : median(r) >= target ? "met" : "below target"));
    }
    if (!memory.isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "%nmemory near the end of a run that fills RAM with no swap (heap after full GCs,"
                  + " serial GC):%n%-32s %8s %11s %10s %12s  %s%n",
              "benchmark",
              "target",
              "bytes/page",
              "core/page",
              "frames",
              "verdict"));
      for (Footprint f : memory) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%-32s %8s %11.2f %10.2f %,12d  %s%n",
                (f.system().equals("windows") ? "Windows model" : "macOS model")
                    + " (issue "
                    + (f.system().equals("windows") ? "9" : "10")
                    + ", 7)",
                "64 / 40",
                f.perFrame(),
                f.corePerFrame(),
                f.frames(),
                !sizes.isDefault() ? "no target at these sizes" : met(f) ? "met" : "over target"));
      }
    }
    sb.append(String.format(Locale.ROOT, "%n%s%n", environment()));
    sb.append(
        "Rates move with the machine and its load (on one VM, docs/performance.md measured\n"
            + "textbook CLOCK from 5.2M to 11.2M at different hours): compare builds on one\n"
            + "machine, in turn.\n");
    return sb.toString();
  }

  String json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("refs", sizes.refs());
    root.put("pages", sizes.pages());
    root.put("frames", sizes.frames());
    root.put("seed", sizes.seed());
    root.put("warmup", warmup);
    root.put("rounds", rounds);
    root.put("clock", cpuTime ? "cpu" : "wall");
    root.put("environment", environment());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Measured m : measured) {
      Map<String, Object> b = new LinkedHashMap<>();
      double[] r = m.rates();
      b.put("name", m.kind().id);
      b.put("label", m.kind().label);
      b.put("target", target(m.kind()));
      b.put("median", median(r));
      b.put("q1", quantile(r, 0.25));
      b.put("q3", quantile(r, 0.75));
      b.put("best", Arrays.stream(r).max().orElse(0));
      b.put("rates", r);
      b.put("faults", m.kind() == Kind.TLB ? null : m.faults());
      b.put("met", target(m.kind()) == null ? null : median(r) >= target(m.kind()));
      list.add(b);
    }
    root.put("benchmarks", list);
    List<Map<String, Object>> mem = new ArrayList<>();
    for (Footprint f : memory) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("system", f.system());
      b.put("bytesPerPage", f.perFrame());
      b.put("coreBytesPerPage", f.corePerFrame());
      b.put("framesInUse", f.frames());
      b.put("heapBytes", f.heapBytes());
      b.put("target", sizes.isDefault() ? SpeedBench.MODEL_BYTES_TARGET : null);
      b.put("coreTarget", sizes.isDefault() ? SpeedBench.CORE_BYTES_TARGET : null);
      b.put("met", sizes.isDefault() ? met(f) : null);
      mem.add(b);
    }
    root.put("memory", mem);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
          + "\n";
    } catch (IOException e) { // Jackson's JsonProcessingException: numbers and strings never fail
      throw new UncheckedIOException(e);
    }
  }

  /** Java, cores, OS and the JVM flags that change speed (heap, GC, large pages). */
  static String environment() {
    Runtime rt = Runtime.getRuntime();
    String flags =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-XX:") || a.startsWith("-Xm"))
            .collect(Collectors.joining(" "));
    return String.format(
        Locale.ROOT,
        "Java %s (%s) on %s %s, %d cores, max heap %d MiB%s",
        System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        rt.availableProcessors(),
        rt.maxMemory() >> 20,
        flags.isEmpty() ? "" : ", JVM flags " + flags);
  }

  static double median(double[] rates) {
    return quantile(rates, 0.5);
  }

  /** The q-quantile with linear interpolation between the sorted rates (R's type 7). */
  static double quantile(double[] rates, double q) {
    if (rates.length == 0) {
      return 0;
    }
    double[] s = rates.clone();
    Arrays.sort(s);
    double h = (s.length - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(s.length - 1, lo + 1);
    return s[lo] + (h - lo) * (s[hi] - s[lo]);
  }

  /** 47.8M, 9.61M, 812k: three significant digits, as docs/performance.md writes rates. */
  static String rate(double perSecond) {
    if (perSecond >= 1e7) {
      return String.format(Locale.ROOT, "%.1fM", perSecond / 1e6);
    }
    if (perSecond >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
    }
    return String.format(Locale.ROOT, "%.0fk", perSecond / 1e3);
  }
}

package org.vmcompare.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.common.Suggest;
import org.vmcompare.metrics.Counter;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.RunResult;

/**
 * Every metric a report can show, declared once in display order. The shared metrics come first, in
 * the order of the headline list; then whatever the runs' models registered (their own
 * counters, per-process metrics, gauges), in the order the models declared them, so a new model's
 * numbers reach every report without report code knowing the model.
 */
public final class MetricCatalogue {
  /** Shown in every summary, even when zero: the question every report answers first. */
  static final List<String> HEADLINE =
      List.of("faults", "faults.minor", "faults.major", "evictions");

  private static final List<ReportMetric> SHARED =
      List.of(
          ReportMetric.counter(
              "references", "references", Better.NEITHER, "memory references executed"),
          new ReportMetric(
              "faults",
              "faults",
              DisplayUnit.COUNT,
              Better.LOWER,
              "page faults of every kind (minor + major)",
              r -> sum(r, "faults.minor", "faults.major")),
          ReportMetric.counter(
              "faults.minor", "minor (soft) faults", Better.LOWER, "faults resolved without I/O"),
          ReportMetric.counter(
              "faults.major", "major (hard) faults", Better.LOWER, "faults that read from disk"),
          ReportMetric.counter("zero.fills", "zero fills", Better.LOWER, "pages zero-filled"),
          ReportMetric.counter("cow.copies", "COW copies", Better.LOWER, "copy-on-write copies"),
          new ReportMetric(
              "tlb.hit.rate",
              "TLB hit rate",
              DisplayUnit.PERCENT,
              Better.HIGHER,
              "translations that hit the TLB, in percent",
              MetricCatalogue::tlbHitRate),
          ReportMetric.counter("tlb.misses", "page walks", Better.LOWER, "TLB misses (walks)"),
          ReportMetric.counter("evictions", "evictions", Better.LOWER, "frames reclaimed"),
          ReportMetric.counter(
              "swap.in", "swap / pagefile reads", Better.LOWER, "pages read back from swap"),
          ReportMetric.counter(
              "swap.out", "swap / pagefile writes", Better.LOWER, "pages written to swap"),
          ReportMetric.counter(
              "compressions", "compressions", Better.LOWER, "pages compressed (macOS)"),
          ReportMetric.counter(
              "decompressions", "decompressions", Better.LOWER, "pages decompressed (macOS)"),
          ReportMetric.counter("discards", "discards", Better.NEITHER, "pages discarded"),
          ReportMetric.counter(
              "ops.reclaim.survived", "offers reclaimed intact", Better.HIGHER, "kept contents"),
          ReportMetric.counter(
              "ops.reclaim.lost", "offers lost", Better.LOWER, "reclaims that lost contents"),
          ReportMetric.counter("kills", "kills", Better.LOWER, "processes killed by the OS"),
          ReportMetric.counter(
              "commit.failures", "commit failures", Better.LOWER, "allocations refused"),
          new ReportMetric(
              "resident.peak",
              "peak resident memory",
              DisplayUnit.PAGES,
              Better.NEITHER,
              "most memory in use at a sample (needs sampling:)",
              r -> series(r, true)),
          new ReportMetric(
              "resident.final",
              "final resident memory",
              DisplayUnit.PAGES,
              Better.NEITHER,
              "memory in use at the end of the run (needs sampling:)",
              r -> series(r, false)),
          new ReportMetric(
              "simulated.time",
              "simulated time",
              DisplayUnit.NANOSECONDS,
              Better.LOWER,
              "the simulated clock at the end of the run",
              r -> r.simulatedNs()),
          engine(Counter.READS, "reads", DisplayUnit.COUNT),
          engine(Counter.WRITES, "writes", DisplayUnit.COUNT),
          engine(Counter.FILE_READS, "file pages read", DisplayUnit.COUNT),
          engine(Counter.FILE_WRITES, "file pages written", DisplayUnit.COUNT),
          engine(Counter.DISK_READS, "disk reads", DisplayUnit.COUNT),
          engine(Counter.DISK_WRITES, "disk writes", DisplayUnit.COUNT),
          engine(Counter.DISK_QUEUE_MAX, "disk queue, deepest", DisplayUnit.COUNT),
          engine(Counter.DISK_BUSY_NS, "disk busy time", DisplayUnit.NANOSECONDS),
          engine(Counter.SEGFAULTS, "segfaults", DisplayUnit.COUNT),
          engine(Counter.TLB_HITS, "TLB hits", DisplayUnit.COUNT),
          engine(Counter.TLB_SHOOTDOWNS, "TLB shootdowns", DisplayUnit.COUNT),
          engine(Counter.TLB_FLUSHES, "TLB flushes", DisplayUnit.COUNT),
          engine(Counter.CONTEXT_SWITCHES, "context switches", DisplayUnit.COUNT));

  /** Every shared metric's name, in display order: what {@code --metrics} accepts for every run. */
  public static List<String> sharedNames() {
    return SHARED.stream().map(ReportMetric::name).toList();
  }

  /** A counter every run has, with no better direction: context for the headline metrics. */
  private static ReportMetric engine(Counter c, String title, DisplayUnit unit) {
    return new ReportMetric(
        c.key(),
        title,
        unit,
        Better.NEITHER,
        c.description(),
        r -> ReportMetric.counterValue(r, c.key()));
  }

  private final List<ReportMetric> metrics;
  private final List<ProcessMetric> processMetrics;
  private final List<ProcessMetric> gauges;
  private final boolean chosen;

  private MetricCatalogue(
      List<ReportMetric> metrics,
      List<ProcessMetric> processMetrics,
      List<ProcessMetric> gauges,
      boolean chosen) {
    this.metrics = List.copyOf(metrics);
    this.processMetrics = List.copyOf(processMetrics);
    this.gauges = List.copyOf(gauges);
    this.chosen = chosen;
  }

  /**
   * Only these metrics, in the order given (a reader's {@code --metrics}); every one is then shown
   * even when zero. An empty list keeps them all.
   *
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public MetricCatalogue select(List<String> names) {
    if (names.isEmpty()) {
      return this;
    }
    List<ReportMetric> out = new ArrayList<>();
    for (String n : names) {
      ReportMetric m = get(n.strip());
      if (!out.contains(m)) {
        out.add(m);
      }
    }
    return new MetricCatalogue(out, processMetrics, gauges, true);
  }

  /**
   * Whether a name can be checked only once runs exist: a model's own counter ({@code
   * linux.reclaim.direct}) or an operation outcome ({@code ops.failed.allocate}), named under a
   * prefix in {@code prefixes}; anything else must be a shared metric.
   */
  public static boolean deferred(String name, List<String> prefixes) {
    int dot = name.indexOf('.');
    return dot > 0 && prefixes.contains(name.substring(0, dot));
  }

  /** Whether the metric is always shown, even when every value is zero: a headline or chosen. */
  public boolean alwaysShown(String name) {
    return chosen || headline(name);
  }

  /** The shared metrics, then every counter, process metric and gauge the runs' models declared. */
  public static MetricCatalogue of(List<RunResult> runs) {
    Map<String, ReportMetric> all = new LinkedHashMap<>();
    for (ReportMetric m : SHARED) {
      all.put(m.name(), m);
    }
    Map<String, ProcessMetric> procs = new LinkedHashMap<>();
    procs.put("faults.minor", procMetric("faults.minor", DisplayUnit.COUNT, "minor faults"));
    procs.put("faults.major", procMetric("faults.major", DisplayUnit.COUNT, "major faults"));
    Map<String, ProcessMetric> gauges = new LinkedHashMap<>();
    for (RunResult r : runs) {
      for (String c : r.counters().keySet()) {
        all.computeIfAbsent(c, k -> ReportMetric.counter(k, k, Better.NEITHER, describe(r, k)));
      }
      for (MetricSpec s : r.processMetrics()) {
        DisplayUnit u = DisplayUnit.of(s.unit());
        procs.putIfAbsent(s.name(), procMetric(s.name(), u, s.description()));
        if (s.peak()) {
          procs.putIfAbsent(
              s.name() + ".peak", procMetric(s.name() + ".peak", u, "peak " + s.description()));
        }
      }
      for (MetricSpec g : r.gauges()) {
        gauges.putIfAbsent(
            g.name(),
            new ProcessMetric(g.name(), DisplayUnit.of(g.unit()), Better.NEITHER, g.description()));
      }
    }
    return new MetricCatalogue(
        new ArrayList<>(all.values()),
        new ArrayList<>(procs.values()),
        new ArrayList<>(gauges.values()),
        false);
  }

  /** Every run-level metric, in display order. */
  public List<ReportMetric> metrics() {
    return metrics;
  }

  /** The per-process columns, in display order. */
  public List<ProcessMetric> processMetrics() {
    return processMetrics;
  }

  /** The models' gauges, sampled into the time series, in display order. */
  public List<ProcessMetric> gauges() {
    return gauges;
  }

  /**
   * The metric of this name.
   *
   * @throws IllegalArgumentException naming every known metric (and the closest one)
   */
  public ReportMetric get(String name) {
    for (ReportMetric m : metrics) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    List<String> known = metrics.stream().map(ReportMetric::name).toList();
    String close = Suggest.closest(name, known);
    throw new IllegalArgumentException(
        "unknown metric '"
            + name
            + "'"
            + (close == null ? "" : " (did you mean '" + close + "'?)")
            + "; known metrics: "
            + String.join(", ", known));
  }

  /** Whether the metric is always shown in summaries, even when every value is zero. */
  public static boolean headline(String name) {
    return HEADLINE.contains(name);
  }

  private static ProcessMetric procMetric(String name, DisplayUnit unit, String description) {
    return new ProcessMetric(
        name, unit, name.startsWith("faults.") ? Better.LOWER : Better.NEITHER, description);
  }

  private static String describe(RunResult r, String counter) {
    return counter.startsWith("ops.failed.")
        ? "operations the OS refused: " + counter.substring("ops.failed.".length())
        : "a counter of the " + r.system() + " model";
  }

  private static double sum(RunResult r, String a, String b) {
    Long x = r.counters().get(a);
    Long y = r.counters().get(b);
    return x == null || y == null ? Double.NaN : x + y;
  }

  private static double tlbHitRate(RunResult r) {
    double hits = ReportMetric.counterValue(r, "tlb.hits");
    double total = hits + ReportMetric.counterValue(r, "tlb.misses");
    return total > 0 ? 100.0 * hits / total : Double.NaN;
  }

  private static double series(RunResult r, boolean peak) {
    List<Long> used = r.timeSeries().get("memory.used.pages");
    if (used == null || used.isEmpty()) {
      return Double.NaN;
    }
    return peak
        ? used.stream().mapToLong(Long::longValue).max().orElse(0)
        : used.get(used.size() - 1);
  }
}

package org.vmcompare.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.vmcompare.cli.SpeedBench.Footprint;
import org.vmcompare.cli.SpeedBench.Kind;
import org.vmcompare.cli.SpeedBench.Measured;
import org.vmcompare.cli.SpeedBench.Sizes;
import org.vmcompare.common.InputError;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the project's speed targets on the user's machine. The figures in docs/performance.md
 * were taken on one shared VM whose speed drifted by half from hour to hour; a user deciding
 * whether their traces will replay fast enough, or a contributor checking a change, needs the same
 * measurement where they are, without building the JMH module.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    header = "Measures the speed targets of docs/performance.md on this machine.",
    description = {
      "Runs the MMU's TLB-hit loop, then the 10M-reference zipf(0.9) trace over 1M pages through"
          + " textbook CLOCK, the Windows model and the macOS model (RAM for 262,144 frames, as"
          + " docs/performance.md defines them), each for some warm-up rounds and then measured"
          + " rounds in one JVM, and prints references per second of the run thread's CPU time"
          + " against each target.",
      "Exits 0 whatever the figures, or with --require-targets 1 when a median is below its"
          + " target. The targets hold for the default sizes only. With the defaults it takes"
          + " about 80 seconds on a 2-core VM and writes an 80 MB trace to a temporary folder,"
          + " deleted at the end."
    },
    footer = {
      "",
      "Examples:",
      "  vmcompare bench",
      "  vmcompare bench --only clock,macos --rounds 9",
      "  vmcompare bench --format json > bench.json",
      "  vmcompare bench --only tlb --memory                 # the memory targets too",
      "  vmcompare bench --refs 1M --pages 100k --rounds 3     # a quick look"
    })
public final class BenchCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--only",
      split = ",",
      paramLabel = "NAME",
      description = "benchmarks to run: tlb, clock, windows, macos (default: all four)")
  List<String> only;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "measured rounds of each experiment (the TLB loop makes four times as many short ones);"
              + " default ${DEFAULT-VALUE}")
  int rounds;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "rounds of each experiment run first and not measured; default ${DEFAULT-VALUE}")
  int warmup;

  @Option(
      names = "--refs",
      paramLabel = "N",
      defaultValue = "10M",
      description = "references in the zipf trace; default ${DEFAULT-VALUE}")
  String refs;

  @Option(
      names = "--pages",
      paramLabel = "N",
      defaultValue = "1M",
      description =
          "pages the trace ranges over; the models get RAM for a quarter of them, to a power"
              + " of two; default ${DEFAULT-VALUE}")
  String pages;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "seed of the trace and the runs; default ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "table",
      description = "table or json; default ${DEFAULT-VALUE}")
  String format;

  @Option(
      names = "--memory",
      description =
          "also measure the Windows and macOS models' memory per resident page (and core's) near"
              + " the end of a run that fills RAM, each in a JVM of its own with the serial"
              + " collector")
  boolean memory;

  @Option(
      names = "--require-targets",
      description = "exit 1 when a benchmark's median is below its target (default sizes only)")
  boolean requireTargets;

  @Override
  public Integer call() {
    Set<Kind> kinds = chosen();
    if (rounds < 1) {
      throw InputError.of("--rounds", "must be at least 1, got " + rounds);
    }
    if (warmup < 0) {
      throw InputError.of("--warmup", "must be 0 or more, got " + warmup);
    }
    if (!format.equals("table") && !format.equals("json")) {
      throw InputError.of("--format", "must be table or json, got '" + format + "'");
    }
    Sizes sizes =
        new Sizes(
            TraceCommand.count("--refs", refs, 1_000),
            TraceCommand.count("--pages", pages, 256),
            seed);
    SpeedBench bench = new SpeedBench();
    List<Measured> measured = new ArrayList<>();
    List<Footprint> footprints = new ArrayList<>();
    Path dir = tempDir();
    try (Progress progress =
        Progress.start("references", total(kinds, sizes), bench::done, null, null)) {
      if (kinds.contains(Kind.TLB)) {
        measured.add(bench.tlbLoop(rounds));
      }
      if (kinds.stream().anyMatch(k -> k != Kind.TLB)) {
        bench.writeTrace(dir, sizes);
      }
      for (Kind k : kinds) {
        if (k != Kind.TLB) {
          System.gc(); // the previous benchmark's machine is garbage: collect it outside the runs
          measured.add(bench.experiment(k, dir, sizes, warmup, rounds));
        }
      }
      if (memory) {
        footprints.add(bench.footprint("windows", dir, sizes));
        footprints.add(bench.footprint("macos", dir, sizes));
      }
    } finally {
      deleteQuietly(dir);
    }
    BenchReport report =
        new BenchReport(sizes, warmup, rounds, bench.cpuTime(), measured, footprints);
    PrintWriter out = spec.commandLine().getOut();
    out.print(format.equals("json") ? report.json() : report.table());
    out.flush();
    return requireTargets && report.anyBelowTarget() ? 1 : 0;
  }

  private Set<Kind> chosen() {
    if (only == null || only.isEmpty()) {
      return EnumSet.allOf(Kind.class);
    }
    Set<Kind> out = EnumSet.noneOf(Kind.class);
    for (String name : only) {
      Kind k =
          Arrays.stream(Kind.values())
              .filter(x -> x.id.equals(name.trim()))
              .findFirst()
              .orElse(null);
      if (k == null) {
        throw InputError.of(
            "--only",
            "unknown benchmark '"
                + name
                + "'; valid: "
                + Arrays.stream(Kind.values()).map(x -> x.id).collect(Collectors.joining(", ")));
      }
      out.add(k);
    }
    return out;
  }

  private long total(Set<Kind> kinds, Sizes sizes) {
    long experiments = kinds.stream().filter(k -> k != Kind.TLB).count();
    long total = kinds.contains(Kind.TLB) ? SpeedBench.tlbProgress(rounds) : 0;
    if (experiments > 0) {
      total += sizes.refs() * (1 + experiments * (warmup + rounds)); // the trace, then the runs
    }
    return total;
  }

  private static Path tempDir() {
    try {
      Path dir = Files.createTempDirectory("vmcompare-bench");
      dir.toFile().deleteOnExit(); // after its files, which are registered later
      return dir;
    } catch (IOException e) {
      throw InputError.of(
          "java.io.tmpdir", "cannot make a folder for the benchmark's trace: " + e.getMessage());
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("vmcompare: could not delete " + dir + ": " + e.getMessage());
    }
  }
}

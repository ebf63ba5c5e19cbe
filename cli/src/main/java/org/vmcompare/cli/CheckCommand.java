package org.vmcompare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.vmcompare.check.CheckOptions;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.common.InputError;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Property-based checking of the memory managers: random experiments in checked mode until one
 * breaks an invariant (then the smallest experiment that still breaks it, as YAML), or the tries or
 * the time run out. With a file, that one experiment in checked mode, to replay a repro.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    header =
        "Runs random experiments in checked mode and shrinks any failure to a small YAML repro.",
    description = {
      "Generates random experiments from a seed (small machines under pressure, 1 to 6"
          + " processes, steps every checked system supports), runs each in checked mode (every"
          + " read compared with a reference model of memory contents) and checks the invariants"
          + " of docs/check.md. Prints a summary per invariant and exits 0 when nothing broke.",
      "When an invariant breaks, it shrinks the experiment to the smallest one that still breaks"
          + " it, prints it as YAML with the invariant and the step, and exits 1. With FILE it"
          + " replays that experiment in checked mode instead."
    },
    footer = {
      "",
      "Examples:",
      "  vmcompare check",
      "  vmcompare check --systems textbook --tries 5000 --seed 7 --max-seconds 300",
      "  vmcompare check --repro repro.yaml        # write a failure's repro to a file",
      "  vmcompare check repro.yaml                # replay a repro in checked mode"
    })
public final class CheckCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "EXPERIMENT.yaml",
      description = "replay this experiment in checked mode instead of generating experiments")
  Path experiment;

  @Option(
      names = "--systems",
      split = ",",
      paramLabel = "NAME",
      description = "systems to check (default: every system that can run an experiment yet)")
  List<String> systems;

  @Option(
      names = "--tries",
      paramLabel = "N",
      defaultValue = "1000",
      description = "random experiments to check, at most (default ${DEFAULT-VALUE})")
  int tries;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "42",
      description = "seed the experiments derive from (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--max-seconds",
      paramLabel = "T",
      defaultValue = "120",
      description =
          "stop the tries after T seconds of wall-clock time, abandoning the one under way;"
              + " 0 for no limit (default ${DEFAULT-VALUE})")
  long maxSeconds;

  @Option(
      names = "--shrink-seconds",
      paramLabel = "T",
      defaultValue = "300",
      description =
          "stop shrinking a failure after T seconds and print the smallest failing experiment"
              + " found by then; 0 for no limit (default ${DEFAULT-VALUE})")
  long shrinkSeconds;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "tries checked at once (default: the number of cores); the report is the same whatever"
              + " the number")
  Integer threads;

  @Option(names = "--repro", paramLabel = "FILE", description = "write a failure's repro YAML here")
  Path repro;

  /** Test-only faults for the models to plant, to see check catch them (docs/check.md). */
  @Option(names = "--inject", split = ",", paramLabel = "FAULT", hidden = true)
  List<String> inject;

  /** Seconds as milliseconds; a limit past a billion seconds (31 years) is no limit. */
  private static long millis(long seconds) {
    return seconds > 1_000_000_000L ? 0 : seconds * 1000;
  }

  @Override
  public Integer call() {
    if (tries < 1) {
      throw InputError.of("--tries", "must be at least 1, got " + tries);
    }
    if (maxSeconds < 0) {
      throw InputError.of("--max-seconds", "must not be negative, got " + maxSeconds);
    }
    if (shrinkSeconds < 0) {
      throw InputError.of("--shrink-seconds", "must not be negative, got " + shrinkSeconds);
    }
    int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (workers < 1) {
      throw InputError.of("--threads", "must be at least 1, got " + workers);
    }
    OsRegistry registry = OsRegistry.load();
    Checker checker = new Checker(registry);
    List<String> names = systems == null ? List.of() : systems;
    List<String> faults = inject == null ? List.of() : inject;
    PrintWriter out = spec.commandLine().getOut();
    CheckReport report;
    if (experiment != null) {
      report =
          checker.replay(
              new ExperimentLoader(registry).onlySystems(names).load(experiment), faults);
      out.println("vmcompare check: " + experiment + " in checked mode");
    } else {
      List<OsModuleProvider> chosen = checker.systems(names);
      CheckOptions options =
          new CheckOptions(
              names, tries, seed, millis(maxSeconds), millis(shrinkSeconds), faults, workers);
      AtomicLong done = new AtomicLong();
      AtomicLong candidates = new AtomicLong();
      AtomicLong smallest = new AtomicLong();
      Progress[] shrinking = {null};
      long start = System.nanoTime();
      try (Progress progress = Progress.start("tries", tries, done::get, null, null)) {
        report =
            checker.run(
                options,
                done::set,
                (n, steps) -> {
                  if (shrinking[0] == null) {
                    // a failure: the tries' bar gives way to the shrinking's
                    progress.close();
                    shrinking[0] =
                        Progress.start(
                            "shrink candidates",
                            Checker.SHRINK_TRIES,
                            candidates::get,
                            smallest::get,
                            "steps in the smallest failing experiment");
                  }
                  candidates.set(n);
                  smallest.set(steps);
                });
      } finally {
        if (shrinking[0] != null) {
          shrinking[0].close();
        }
      }
      out.printf(
          Locale.ROOT,
          "vmcompare check: %s; %d tries from seed %d, %d checked runs in %.1f s%n",
          chosen.stream().map(OsModuleProvider::name).collect(Collectors.joining(", ")),
          report.tries(),
          seed,
          report.runs(),
          (System.nanoTime() - start) / 1e9);
      if (report.ok() && report.tries() < tries) {
        out.printf(
            Locale.ROOT,
            "(--max-seconds %d ended the tries before the %d asked for)%n",
            maxSeconds,
            tries);
      }
    }
    report.summary().forEach(out::println);
    if (report.ok()) {
      out.flush();
      return 0;
    }
    out.println();
    out.println("broken: " + report.violation());
    if (report.repro() != null) {
      out.println();
      out.println(
          "smallest experiment that still breaks it ("
              + report.repro().steps()
              + " steps, shrunk from "
              + report.repro().originalSteps()
              + "):");
      if (!report.repro().unfinished().isEmpty()) {
        out.println("(" + report.repro().unfinished() + ")");
      }
      out.println();
      out.print(report.repro().yaml());
      if (repro != null) {
        OutputFiles.write("--repro", repro, report.repro().yaml());
        out.println();
        out.println("repro written to " + repro);
      }
    }
    out.flush();
    return 1;
  }
}

package org.vmcompare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.vmcompare.common.InputError;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.LoadedExperiment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Checks experiment files without running them: everything the loader checks before a run (keys,
 * values, systems and their options, steps a system cannot do, trace files) in a fraction of a
 * second, for an editor's save hook or a CI step over a folder of experiments.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    header = "Checks experiment files as 'vmcompare run' would, without running them.",
    description = {
      "Checks experiment files as 'vmcompare run' would, without running them.",
      "Prints 'FILE: ok' for each good file, and for each bad one a line"
          + " 'FILE:LINE:COL: key: problem' on stderr. Exits with 2 if any file is bad."
    },
    footer = {
      "",
      "Examples:",
      "  vmcompare validate my.yaml",
      "  vmcompare validate configs/*.yaml configs/examples/*.yaml"
    })
public final class ValidateCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @picocli.CommandLine.Option(
      names = "--ignore-support",
      description = "check the files only, not whether every listed system implements every step")
  boolean ignoreSupport;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "experiment files to check")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ExperimentLoader loader =
        ignoreSupport
            ? new ExperimentLoader(OsRegistry.load()).withoutSupportCheck()
            : new ExperimentLoader(OsRegistry.load());
    boolean failed = false;
    for (Path file : files) {
      Objects.requireNonNull(file, "file is null");
      try {
        LoadedExperiment exp = loader.load(file);
        out.println(
            file
                + ": ok ("
                + count(exp.variants().size(), "system")
                + ", "
                + count(exp.experiment().processes().size(), "process")
                + (exp.isSweep() ? ", " + count(exp.points().size(), "sweep point") : "")
                + ")");
      } catch (InputError e) {
        err.println("vmcompare: " + e.getMessage());
        failed = true;
      }
      out.flush();
      err.flush();
    }
    return failed ? Main.EXIT_INPUT : 0;
  }

  private static String count(int n, String noun) {
    return n + " " + (n == 1 ? noun : noun.endsWith("s") ? noun + "es" : noun + "s");
  }
}

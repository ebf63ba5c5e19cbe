package org.vmcompare.cli;

import java.io.PrintWriter;
import org.vmcompare.common.InputError;
import org.vmcompare.os.RunFailure;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point. Bad input of any kind (a malformed experiment, an unknown option, an unreadable
 * trace) ends as one line on stderr and exit code 2, never a stack trace.
 */
@Command(
    name = "vmcompare",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Runs one memory workload on simulated Linux, Windows and macOS memory managers over one"
            + " shared simulated machine, and compares them side by side.",
    subcommands = {
      RunCommand.class,
      ReportCommand.class,
      TextbookCommand.class,
      TraceCommand.class,
      ListCommand.class,
      ValidateCommand.class,
      SchemaCommand.class,
      CheckCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {
      "",
      "Examples:",
      "  vmcompare run                                 # the bundled default experiment",
      "  vmcompare run configs/examples/belady.yaml",
      "  vmcompare run --out report/                   # then open report/report.html",
      "  vmcompare report a/results.json b/results.json",
      "  vmcompare textbook --trace t.pages --policy LRU --frames 4",
      "  vmcompare list",
      "  vmcompare validate my.yaml",
      "  vmcompare schema --out vmcompare.schema.json",
      "  vmcompare check --systems textbook --tries 500",
      "  vmcompare bench                               # the speed targets, here"
    })
public final class Main implements Runnable {
  /** Exit code for bad input. */
  public static final int EXIT_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code (for tests). */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(Main::handleException);
    cl.setParameterExceptionHandler(Main::handleParameterException);
    ReportChoices.listMetrics(cl.getSubcommands().get("run"));
    ReportChoices.listMetrics(cl.getSubcommands().get("report"));
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int handleException(
      Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    if (e instanceof InputError ie) {
      err.println("vmcompare: " + ie.getMessage());
      err.flush();
      return EXIT_INPUT;
    }
    if (e instanceof RunFailure rf && rf.userError()) {
      err.println("vmcompare: " + rf.getMessage());
      err.flush();
      return EXIT_INPUT;
    }
    throw new IllegalStateException(e);
  }

  private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(
        "vmcompare: "
            + e.getMessage()
            + " (see '"
            + cl.getCommandSpec().qualifiedName()
            + " --help')");
    err.flush();
    return EXIT_INPUT;
  }

  /** Version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vmcompare " + (v == null ? "dev" : v)};
    }
  }
}

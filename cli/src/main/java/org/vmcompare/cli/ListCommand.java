package org.vmcompare.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.pattern.AccessPatterns;
import org.vmcompare.trace.TraceFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Lists what an experiment can name: systems with their options and per-process options, policies,
 * patterns, formats.
 */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    header = "Lists the systems with their options, the policies, patterns and trace formats.",
    description =
        "Lists systems (with their options and per-process options), textbook policies, access"
            + " patterns and trace formats.",
    footer = {"", "Example:", "  vmcompare list"})
public final class ListCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("systems:");
    for (OsModuleProvider p : OsRegistry.load().providers()) {
      out.printf("  %-10s %s%n", p.name(), p.description());
      for (OptionSpec o : p.options()) {
        out.println("             " + describe(o));
      }
      if (!p.processOptions().isEmpty()) {
        out.println("             per process (keys of processes[]):");
        for (OptionSpec o : p.processOptions()) {
          out.println("               " + describe(o));
        }
      }
    }
    out.println();
    for (OsModuleProvider p : OsRegistry.load().providers()) {
      p.traceReplayer()
          .ifPresent(
              r ->
                  out.printf(
                      "%-19s%s%n", p.name() + " policies: ", String.join(", ", r.policies())));
    }
    out.println("access patterns:   " + String.join(", ", AccessPatterns.FORMS));
    out.println("trace formats:     " + TraceFormat.validNames());
    out.flush();
    return 0;
  }

  /** {@code key (default D; values): description}. */
  private static String describe(OptionSpec o) {
    String values = o.describeValues();
    return o.key()
        + " (default "
        + o.defaultValue()
        + (values.isEmpty() ? "" : "; " + values)
        + "): "
        + o.description();
  }
}

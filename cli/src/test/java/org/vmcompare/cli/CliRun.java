package org.vmcompare.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;

/** Runs one command object through picocli and captures its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {
  static CliRun of(Object command, String... args) {
    CommandLine cl = new CommandLine(command);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * Parses {@code args} into {@code command} and calls it directly, so that what it throws (an
   * InputError, which Main turns into exit code 2) reaches the test.
   */
  static Object call(Object command, String... args) throws Exception {
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(new StringWriter(), true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    CommandLine.ParseResult parsed = cl.parseArgs(args);
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    return ((Callable<?>) parsed.commandSpec().userObject()).call();
  }

  String[] outLines() {
    return out.isEmpty() ? new String[0] : out.split("\\R");
  }

  String lastOutLine() {
    String[] lines = outLines();
    return lines[lines.length - 1];
  }
}

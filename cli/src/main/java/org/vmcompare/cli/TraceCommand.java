package org.vmcompare.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vmcompare.common.InputError;
import org.vmcompare.common.Quantities;
import org.vmcompare.pattern.AccessPattern;
import org.vmcompare.pattern.AccessPatterns;
import org.vmcompare.trace.BinaryTraceWriter;
import org.vmcompare.trace.TraceFormat;
import org.vmcompare.trace.TraceGenerator;
import org.vmcompare.trace.TraceReader;
import org.vmcompare.trace.TraceReaders;
import org.vmcompare.trace.TraceRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Makes traces: converts text traces to the fast binary format, generates synthetic ones, and
 * records real programs with Valgrind.
 *
 * <p>It exists because every simulator in vmcompare can replay a trace, and getting a trace is the
 * first obstacle: this puts the three ways to get one behind one command.
 */
@Command(
    name = "trace",
    mixinStandardHelpOptions = true,
    header = "Converts, generates and records memory traces.",
    description = "Converts, generates and records memory traces.",
    subcommands = {
      TraceCommand.Convert.class,
      TraceCommand.Generate.class,
      TraceCommand.Record.class
    },
    footer = {
      "",
      "Examples:",
      "  vmcompare trace generate --pattern zipf:0.9 --pages 1M --refs 1M --out z.vmct",
      "  vmcompare trace convert --in prog.lackey --out prog.vmct",
      "  vmcompare trace record --out ls.lackey -- ls -l"
    })
public final class TraceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static BinaryTraceWriter openWriter(Path out, int pageShift) {
    try {
      return new BinaryTraceWriter(out, pageShift);
    } catch (IOException e) {
      throw InputError.inFile(out, "cannot write: " + e.getMessage());
    }
  }

  /** A count option ({@code 10k}, {@code 5M}) of at least {@code min}, or bad input naming it. */
  static long count(String option, String text, long min) {
    long n;
    try {
      n = Quantities.parseCount(text);
    } catch (IllegalArgumentException e) {
      throw InputError.of(option, e.getMessage());
    }
    if (n < min) {
      throw InputError.of(option, "must be at least " + min + ", got " + n);
    }
    return n;
  }

  /** {@code trace convert}: any supported format to the binary format. */
  @Command(
      name = "convert",
      mixinStandardHelpOptions = true,
      header = "Converts a pages, addresses or lackey trace to the binary format.",
      description =
          "Converts a trace (pages, addresses or lackey) to the compact binary format, which"
              + " reads fastest.",
      footer = {
        "",
        "Examples:",
        "  vmcompare trace convert --in prog.lackey --out prog.vmct",
        "  vmcompare trace convert --in a.txt --from addresses --page-size 2MiB \\",
        "      --out a.vmct"
      })
  public static final class Convert implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "input trace")
    Path in;

    @Option(
        names = "--from",
        paramLabel = "FORMAT",
        description = "pages, addresses, lackey or binary (default: detected from the content)")
    String from;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE.vmct",
        description = "binary trace to write")
    Path out;

    @Option(
        names = "--page-size",
        defaultValue = "4KiB",
        paramLabel = "SIZE",
        description = "page size for byte-address traces; default ${DEFAULT-VALUE}")
    String pageSize;

    @Override
    public Integer call() {
      int pageShift = TextbookCommand.pageShift(pageSize);
      TraceFormat format = from == null ? null : TextbookCommand.traceFormat(from);
      if (Files.exists(out) && Files.exists(in) && sameFile(in, out)) {
        throw InputError.of("--out", "is the input file; choose another name");
      }
      long writes = 0;
      long records;
      TraceFormat read;
      try (TraceReader reader = TraceReaders.open(in, format, pageShift);
          BinaryTraceWriter writer = openWriter(out, reader.pageShift())) {
        read = reader.format();
        long[] buf = new long[1 << 16];
        int n;
        while ((n = reader.read(buf)) != -1) {
          for (int i = 0; i < n; i++) {
            if (TraceRecord.isWrite(buf[i])) {
              writes++;
            }
          }
          writer.write(buf, 0, n);
        }
        records = writer.recordsWritten();
      }
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.printf(
          Locale.ROOT,
          "converted %d references (%d reads, %d writes) from %s (%s) to %s%n",
          records,
          records - writes,
          writes,
          in,
          read.id(),
          out);
      stdout.flush();
      return 0;
    }

    private static boolean sameFile(Path a, Path b) {
      try {
        return Files.isSameFile(a, b);
      } catch (IOException e) {
        return false;
      }
    }
  }

  /** {@code trace generate}: a synthetic trace from an access pattern. */
  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      header = "Generates a synthetic binary trace from an access pattern.",
      description = {
        "Generates a synthetic binary trace: REFS references over PAGES pages drawn from an"
            + " access pattern.",
        "The same arguments always produce the same bytes."
      },
      footer = {
        "",
        "Patterns: sequential, random, zipf:S, loop:W, stride:N, hot-cold:F:P",
        "",
        "Examples:",
        "  vmcompare trace generate --pattern zipf:0.9 --pages 1M --refs 10M \\",
        "      --seed 42 --out zipf10m.vmct",
        "  vmcompare trace generate --pattern hot-cold:0.2:0.8 --pages 10k --refs 1M \\",
        "      --writes 0.3 --out hc.vmct"
      })
  public static final class Generate implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--pattern",
        required = true,
        paramLabel = "SPEC",
        description = "sequential, random, zipf:S, loop:W, stride:N or hot-cold:F:P")
    String pattern;

    @Option(
        names = "--pages",
        required = true,
        paramLabel = "N",
        description = "number of distinct pages (1M = 1,000,000)")
    String pages;

    @Option(
        names = "--refs",
        required = true,
        paramLabel = "N",
        description = "number of references (10M = 10,000,000)")
    String refs;

    @Option(
        names = "--seed",
        defaultValue = "42",
        paramLabel = "N",
        description = "random seed; default ${DEFAULT-VALUE}")
    long seed;

    @Option(
        names = "--writes",
        defaultValue = "0",
        paramLabel = "FRACTION",
        description = "fraction of references that are writes, 0..1; default ${DEFAULT-VALUE}")
    double writes;

    @Option(
        names = "--page-size",
        defaultValue = "4KiB",
        paramLabel = "SIZE",
        description = "page size recorded in the header; default ${DEFAULT-VALUE}")
    String pageSize;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE.vmct",
        description = "binary trace to write")
    Path out;

    @Override
    public Integer call() {
      long pageCount = count("--pages", pages, 1);
      long references = count("--refs", refs, 0);
      if (!(writes >= 0 && writes <= 1)) {
        throw InputError.of("--writes", "must be a fraction between 0 and 1, got " + writes);
      }
      int pageShift = TextbookCommand.pageShift(pageSize);
      AccessPattern accessPattern;
      try {
        accessPattern = AccessPatterns.parse(pattern, pageCount);
      } catch (IllegalArgumentException e) {
        throw InputError.of("--pattern", e.getMessage());
      }
      long written;
      try (BinaryTraceWriter writer = openWriter(out, pageShift);
          Progress progress = Progress.start("generate", references)) {
        written =
            TraceGenerator.generate(
                accessPattern, references, seed, writes, writer, progress::update);
      }
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.printf(
          Locale.ROOT,
          "wrote %d references over %d pages (pattern %s, seed %d, writes %s) to %s%n",
          written,
          pageCount,
          accessPattern.describe(),
          seed,
          writes,
          out);
      stdout.flush();
      return 0;
    }
  }

  /** {@code trace record}: runs a program under Valgrind lackey. */
  @Command(
      name = "record",
      mixinStandardHelpOptions = true,
      header = "Records a program's memory references with Valgrind.",
      description = {
        "Runs a program under Valgrind (--tool=lackey --trace-mem=yes) and writes its memory"
            + " trace, every instruction fetch, load and store, to FILE.",
        "Expect a slowdown of about 100x and a few hundred bytes of trace per thousand"
            + " instructions."
      },
      footer = {
        "",
        "Examples:",
        "  vmcompare trace record --out ls.lackey -- ls -l /",
        "  vmcompare textbook --trace ls.lackey --policy LRU --frames 64"
      })
  public static final class Record implements Callable<Integer> {
    static final String INSTALL_HINT =
        "valgrind is not installed (not found on PATH); install it with"
            + " 'apt-get install valgrind', 'dnf install valgrind' or 'brew install valgrind'";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "FILE",
        description = "lackey trace to write")
    Path out;

    @Parameters(
        arity = "1..*",
        paramLabel = "COMMAND",
        description = "the program to trace and its arguments (after --)")
    List<String> command;

    /** Where to look for valgrind; the PATH environment variable unless a test overrides it. */
    String searchPath = System.getenv("PATH");

    @Override
    public Integer call() throws InterruptedException {
      PrintWriter err = spec.commandLine().getErr();
      Path valgrind = findOnPath("valgrind", searchPath);
      if (valgrind == null) {
        err.println("vmcompare: " + INSTALL_HINT);
        err.flush();
        return 2;
      }
      List<String> argv = new ArrayList<>();
      argv.add(valgrind.toString());
      argv.add("--tool=lackey");
      argv.add("--trace-mem=yes");
      argv.add("--log-file=" + out);
      argv.addAll(command);
      Process process;
      try {
        process = new ProcessBuilder(argv).inheritIO().start();
      } catch (IOException e) {
        throw InputError.of("trace record", "cannot run valgrind: " + e.getMessage());
      }
      int exit = process.waitFor();
      if (!Files.isRegularFile(out)) {
        err.println("vmcompare: valgrind exited with " + exit + " and wrote no trace to " + out);
        err.flush();
        return exit == 0 ? 1 : exit;
      }
      err.printf(
          Locale.ROOT,
          "vmcompare: recorded %s (program exit code %d); replay it with%n"
              + "  vmcompare textbook --trace %s --policy LRU --frames 64%n",
          out,
          exit,
          out);
      err.flush();
      return exit;
    }

    static Path findOnPath(String name, String path) {
      if (path == null || path.isEmpty()) {
        return null;
      }
      for (String dir : path.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Path.of(dir, name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
      return null;
    }
  }
}

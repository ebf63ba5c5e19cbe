package org.vmcompare.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vmcompare.workload.Experiment;
import org.vmcompare.yaml.SchemaGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the JSON Schema of the experiment language, so an editor can complete keys and flag
 * mistakes while a file is typed instead of only when it is run. The schema is generated from the
 * same records the loader binds, so it always matches the jar it comes from.
 */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    header = "Prints the JSON Schema of experiment files, for editors.",
    description = {
      "Prints the JSON Schema (draft 2020-12) of experiment files, generated from the same"
          + " records the loader reads.",
      "Editor hook (YAML language server, e.g. VS Code's YAML extension): save the schema next"
          + " to your experiments and start each file with this line:",
      "  # yaml-language-server: $schema=./vmcompare.schema.json",
      "The editor then completes keys and step names and marks unknown keys. It is a guide:"
          + " 'vmcompare validate' runs every check of the loader."
    },
    footer = {
      "",
      "Examples:",
      "  vmcompare schema --out vmcompare.schema.json",
      "  vmcompare schema > vmcompare.schema.json"
    })
public final class SchemaCommand implements Callable<Integer> {
  /** The title written into the schema. */
  static final String TITLE = "vmcompare experiment";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "write the schema to FILE instead of printing it")
  Path out;

  @Override
  public Integer call() {
    String json = SchemaGenerator.generateJson(Experiment.class, TITLE);
    if (out == null) {
      PrintWriter w = spec.commandLine().getOut();
      w.print(json);
      w.flush();
      return 0;
    }
    write(out, json);
    return 0;
  }

  /** Whole or not at all, so an editor never reads half a schema. */
  private static void write(Path file, String json) {
    OutputFiles.write("--out", file, json);
  }
}

package org.vmcompare.workload;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.vmcompare.hw.MachineSpec;

/**
 * An experiment that passed every check: its file (for messages and relative trace paths), the
 * records, the resolved system variants and the machine spec.
 */
public record LoadedExperiment(
    String file,
    Path baseDir,
    Experiment experiment,
    List<SystemVariant> variants,
    MachineSpec spec) {
  public LoadedExperiment {
    Objects.requireNonNull(file, "file is null");
    Objects.requireNonNull(experiment, "experiment is null");
    variants = List.copyOf(variants);
    Objects.requireNonNull(spec, "spec is null");
  }

  /** A trace path resolved against the experiment file's folder. */
  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }
}

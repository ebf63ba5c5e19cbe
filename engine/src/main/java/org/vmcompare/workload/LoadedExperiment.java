package org.vmcompare.workload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.MachineSpec;

/**
 * An experiment that passed every check: its file (for messages and relative trace paths) and its
 * sweep points (exactly one without a sweep), each with its records, systems and machine.
 */
public record LoadedExperiment(String file, Path baseDir, List<SweepPoint> points) {
  public LoadedExperiment {
    Objects.requireNonNull(file, "file is null");
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("an experiment has at least one point");
    }
  }

  /** An experiment without a sweep. */
  public LoadedExperiment(
      String file,
      Path baseDir,
      Experiment experiment,
      List<SystemVariant> variants,
      MachineSpec spec) {
    this(file, baseDir, List.of(new SweepPoint(Map.of(), experiment, variants, spec)));
  }

  /** The first point's experiment (the file as written, for a sweep the first combination). */
  public Experiment experiment() {
    return points.get(0).experiment();
  }

  public List<SystemVariant> variants() {
    return points.get(0).variants();
  }

  public MachineSpec spec() {
    return points.get(0).spec();
  }

  public boolean isSweep() {
    return points.size() > 1 || !points.get(0).values().isEmpty();
  }

  /** The same experiment keeping only the system variants at these indices. */
  public LoadedExperiment withVariants(List<Integer> indices) {
    List<SweepPoint> out = new ArrayList<>();
    for (SweepPoint p : points) {
      List<SystemVariant> vs = new ArrayList<>();
      for (int i : indices) {
        vs.add(p.variants().get(i));
      }
      out.add(new SweepPoint(p.values(), p.experiment(), vs, p.spec(), p.references()));
    }
    return new LoadedExperiment(file, baseDir, out);
  }

  /** A trace path resolved against the experiment file's folder. */
  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }
}

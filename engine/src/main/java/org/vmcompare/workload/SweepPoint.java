package org.vmcompare.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.hw.MachineSpec;

/**
 * One point of a sweep (or the only point of an experiment without one): the swept keys' values,
 * and the experiment, systems and machine as they are at that point.
 *
 * @param references the memory references one run at this point makes, as estimated from the file
 *     (for progress and for the warning before very long work); 0 when unknown
 */
public record SweepPoint(
    Map<String, String> values,
    Experiment experiment,
    List<SystemVariant> variants,
    MachineSpec spec,
    long references) {
  public SweepPoint {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    Objects.requireNonNull(experiment, "experiment is null");
    variants = List.copyOf(variants);
    Objects.requireNonNull(spec, "spec is null");
  }

  /** A point whose references were not estimated. */
  public SweepPoint(
      Map<String, String> values,
      Experiment experiment,
      List<SystemVariant> variants,
      MachineSpec spec) {
    this(values, experiment, variants, spec, 0);
  }
}

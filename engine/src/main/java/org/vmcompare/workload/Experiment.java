package org.vmcompare.workload;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.vmcompare.yaml.YNode;

/**
 * A whole experiment file: one machine, several system variants, seeds, the simulated files, and
 * the processes whose steps every variant runs; optionally a time-series interval and a sweep over
 * keys (one run per point per system per seed).
 */
public record Experiment(
    String name,
    String description,
    MachineConfig machine,
    List<SystemConfig> systems,
    List<Long> seeds,
    SchedulerConfig scheduler,
    SamplingConfig sampling,
    List<FileConfig> files,
    List<ProcessConfig> processes,
    YNode sweep) {

  public static final long DEFAULT_SEED = 42;

  public Experiment {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: is required");
    }
    description = description == null ? "" : description;
    machine = machine == null ? new MachineConfig() : machine;
    if (systems == null || systems.isEmpty()) {
      throw new IllegalArgumentException(
          "systems: list at least one system, e.g. '- os: textbook' (see 'vmcompare list')");
    }
    systems = List.copyOf(systems);
    seeds = seeds == null || seeds.isEmpty() ? List.of(DEFAULT_SEED) : List.copyOf(seeds);
    if (new HashSet<>(seeds).size() != seeds.size()) {
      throw new IllegalArgumentException("seeds: a seed is listed twice");
    }
    scheduler = scheduler == null ? new SchedulerConfig() : scheduler;
    if (processes == null || processes.isEmpty()) {
      throw new IllegalArgumentException("processes: list at least one process");
    }
    processes = List.copyOf(processes);
    files = files == null ? List.of() : List.copyOf(files);
    Set<String> fileNames = new HashSet<>();
    for (FileConfig f : files) {
      if (!fileNames.add(f.name())) {
        throw new IllegalArgumentException("files: two files are named '" + f.name() + "'");
      }
    }
    Set<String> names = new HashSet<>();
    for (ProcessConfig p : processes) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("processes: two processes are named '" + p.name() + "'");
      }
    }
    for (ProcessConfig p : processes) {
      if (p.after() != null && !names.contains(p.after())) {
        throw new IllegalArgumentException(
            "processes: '"
                + p.name()
                + "' starts after '"
                + p.after()
                + "', which is not a process of this experiment");
      }
      if (p.name().equals(p.after())) {
        throw new IllegalArgumentException(
            "processes: '" + p.name() + "' cannot start after itself");
      }
    }
  }
}

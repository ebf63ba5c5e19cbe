package org.vmcompare.workload;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A whole experiment file: one machine, several system variants, seeds, and the processes whose
 * steps every variant runs.
 */
public record Experiment(
    String name,
    String description,
    MachineConfig machine,
    List<SystemConfig> systems,
    List<Long> seeds,
    SchedulerConfig scheduler,
    List<ProcessConfig> processes) {

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
    Set<String> names = new HashSet<>();
    for (ProcessConfig p : processes) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("processes: two processes are named '" + p.name() + "'");
      }
    }
  }
}

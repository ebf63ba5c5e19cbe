package org.vmcompare.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.vmcompare.os.ProcessOptions;
import org.vmcompare.workload.FileConfig;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.SamplingConfig;
import org.vmcompare.workload.SchedulerConfig;

/**
 * What one run executes: the processes' steps and their per-process options on this run's system
 * (in the same order), the files on the simulated disk, the scheduler, the sampling interval (null:
 * none), and where relative paths resolve.
 */
public record Workload(
    List<ProcessConfig> processes,
    List<ProcessOptions> processOptions,
    List<FileConfig> files,
    SchedulerConfig scheduler,
    SamplingConfig sampling,
    Path baseDir) {
  public Workload {
    processes = List.copyOf(processes);
    processOptions = List.copyOf(processOptions);
    if (processOptions.size() != processes.size()) {
      throw new IllegalArgumentException(
          "processOptions: "
              + processOptions.size()
              + " for "
              + processes.size()
              + " processes; give each process its options");
    }
    files = List.copyOf(files);
    Objects.requireNonNull(scheduler, "scheduler is null");
  }

  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }
}

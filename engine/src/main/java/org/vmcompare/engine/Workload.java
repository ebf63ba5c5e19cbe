package org.vmcompare.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.vmcompare.workload.FileConfig;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.SamplingConfig;
import org.vmcompare.workload.SchedulerConfig;

/**
 * What one run executes: the processes' steps, the files on the simulated disk, the scheduler, the
 * sampling interval (null: none), and where relative paths resolve.
 */
public record Workload(
    List<ProcessConfig> processes,
    List<FileConfig> files,
    SchedulerConfig scheduler,
    SamplingConfig sampling,
    Path baseDir) {
  public Workload {
    processes = List.copyOf(processes);
    files = List.copyOf(files);
    Objects.requireNonNull(scheduler, "scheduler is null");
  }

  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }
}

package org.vmcompare.engine;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.vmcompare.workload.ProcessConfig;
import org.vmcompare.workload.SchedulerConfig;

/** What one run executes: the processes' steps, the scheduler, where relative paths resolve. */
public record Workload(List<ProcessConfig> processes, SchedulerConfig scheduler, Path baseDir) {
  public Workload {
    processes = List.copyOf(processes);
    Objects.requireNonNull(scheduler, "scheduler is null");
  }

  public Path resolve(String path) {
    Path p = Path.of(path);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
  }
}

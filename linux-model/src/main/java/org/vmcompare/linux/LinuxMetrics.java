package org.vmcompare.linux;

import java.util.List;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;

/** The per-process figures the model reports, as /proc/PID/status and smaps_rollup give them. */
final class LinuxMetrics {
  /** VmRSS: pages mapped into the process (anonymous, file and shmem; the zero page excluded). */
  static final MetricSpec RSS =
      MetricSpec.withPeak("rss", Unit.PAGES, "resident pages (VmRSS); the peak is VmHWM");

  static final List<MetricSpec> ALL = List.of(RSS);

  private LinuxMetrics() {}
}

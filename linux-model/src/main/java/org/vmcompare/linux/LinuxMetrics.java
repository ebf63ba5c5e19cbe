package org.vmcompare.linux;

import java.util.List;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;

/**
 * The per-process figures the model reports, as /proc/PID/status and smaps_rollup give them. RSS is
 * kept up to date at every map and unmap; PSS, USS and swap are measured (a page-table walk) at
 * each snapshot and when the process ends, and their peaks are the largest of those measurements.
 */
final class LinuxMetrics {
  /** VmRSS: pages mapped into the process (anonymous, file and shmem; the zero page excluded). */
  static final MetricSpec RSS =
      MetricSpec.withPeak("rss", Unit.PAGES, "resident pages (VmRSS); the peak is VmHWM");

  static final MetricSpec PSS =
      MetricSpec.withPeak(
          "pss",
          Unit.BYTES,
          "proportional set size (smaps_rollup Pss) at the last snapshot or end");

  static final MetricSpec USS =
      MetricSpec.withPeak(
          "uss", Unit.BYTES, "pages only this process maps (Private_Clean + Private_Dirty)");

  static final MetricSpec SWAP =
      MetricSpec.withPeak("swap", Unit.BYTES, "swapped-out pages of the process (smaps Swap)");

  static final List<MetricSpec> ALL = List.of(RSS, PSS, USS, SWAP);

  private LinuxMetrics() {}
}

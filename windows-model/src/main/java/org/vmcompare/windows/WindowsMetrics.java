package org.vmcompare.windows;

import java.util.List;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Unit;

/** What Windows reports per process (Task Manager, VMMap, GetProcessMemoryInfo), in pages. */
final class WindowsMetrics {
  static final MetricSpec WORKING_SET =
      MetricSpec.withPeak("working_set", Unit.PAGES, "working set: valid pages of the process");
  static final MetricSpec PRIVATE_WS =
      MetricSpec.withPeak("private_working_set", Unit.PAGES, "private working set");
  static final MetricSpec COMMIT =
      MetricSpec.withPeak("commit", Unit.PAGES, "commit charge (private bytes)");
  static final MetricSpec PAGE_FAULTS =
      MetricSpec.of("page_fault_count", Unit.COUNT, "PageFaultCount: soft, hard and demand-zero");

  static final List<MetricSpec> ALL = List.of(WORKING_SET, PRIVATE_WS, COMMIT, PAGE_FAULTS);

  private WindowsMetrics() {}
}

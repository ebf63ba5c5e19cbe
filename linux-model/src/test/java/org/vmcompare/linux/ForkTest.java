package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.metric;
import static org.vmcompare.linux.LinuxRuns.process;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux: fork shares pages copy-on-write (item 5). */
final class ForkTest {
  private static RunResult run() {
    RunResult r = LinuxRuns.scenario("fork-cow.yaml").get(0);
    assertThat(r.ok()).as(r.error()).isTrue();
    return r;
  }

  @Test
  void eachFirstWrite_inParentOrChild_copies_andReadsShareWithoutFaults() {
    RunResult r = run();

    assertThat(process(r, "child").minorFaults()).as("its 64 writes; the reads hit").isEqualTo(64);
    assertThat(r.counter("cow.copies")).as("64 by the parent, 64 by the child").isEqualTo(128);
    assertThat(metric(r, "child", "rss.peak")).isEqualTo(256);
  }

  @Test
  void afterTheChildExits_theParentsWritesAreMinorFaultsWithoutCopies() {
    RunResult r = run();

    // 256 first touches, 64 copies while the child lived, 192 write faults that only restore
    // write permission (mapped once again), no copy
    assertThat(process(r, "parent").minorFaults()).isEqualTo(256 + 64 + 192);
    assertThat(r.counter("faults.minor")).isEqualTo(256 + 64 + 192 + 64);
  }

  @Test
  void pssSplitsSharedPages_andTheChildsExitFreesItsCopies() {
    RunResult r = run();
    String shared = r.views().get("shared").get("proc/100/smaps_rollup");
    String alone = r.views().get("alone").get("proc/meminfo");

    // parent: 64 copies of its own, 192 pages shared with the child: 64 + 192 / 2 pages
    assertThat(shared).contains("Rss:                1024 kB\nPss:                 640 kB\n");
    assertThat(shared)
        .contains("Shared_Dirty:        768 kB\n")
        .contains("Private_Dirty:       256 kB\n");
    // the parent's 256 pages only: the child's 64 copies and the 64 originals only it mapped went
    assertThat(alone).contains("AnonPages:          1024 kB\n");
    assertThat(metric(r, "parent", "uss.peak")).as("alone, at exit").isEqualTo(256 * 4096);
  }
}

package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.process;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.check.CheckReport;
import org.vmcompare.check.Checker;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ExperimentLoader;

/**
 * The {@code share} step on Linux: POSIX shared memory (shm_open + mmap MAP_SHARED), a file of the
 * tmpfs on /dev/shm. Scenario {@code configs/scenarios/linux/shared-memory.yaml}.
 */
final class ShmemTest {
  private static RunResult run() {
    RunResult r = LinuxRuns.scenario("shared-memory.yaml").get(0);
    assertThat(r.ok()).as(r.error()).isTrue();
    return r;
  }

  @Test
  void secondMapper_findsTheWrittenPages_withFaultAround_andNoCopy() {
    RunResult r = run();

    assertThat(process(r, "producer").minorFaults()).as("one zero fill a page").isEqualTo(256);
    assertThat(r.counter("zero.fills")).isEqualTo(256);
    assertThat(r.counter("cow.copies")).isZero();
    // 16 faults map 16 pages each, then 256 swap-ins after MADV_PAGEOUT
    assertThat(process(r, "consumer").minorFaults()).isEqualTo(16);
    assertThat(process(r, "consumer").majorFaults()).isEqualTo(256);
  }

  @Test
  void sharedPages_countInPssSplitByMapCount_andInMeminfoShmem() {
    RunResult r = run();
    String both = r.views().get("both").get("proc/101/smaps_rollup");
    String meminfo = r.views().get("both").get("proc/meminfo");

    assertThat(both)
        .contains("Rss:                1024 kB\nPss:                 512 kB\n")
        .contains("Pss_Anon:              0 kB\nPss_File:              0 kB\n")
        .contains("Pss_Shmem:           512 kB\n")
        .contains("Anonymous:             0 kB\n");
    assertThat(meminfo)
        .contains("Shmem:              1024 kB\n")
        .contains("Cached:             1024 kB\n")
        .contains("Inactive(anon):     1024 kB\n") // swap-backed: the anon lists
        .contains("AnonPages:             0 kB\n");
    assertThat(r.views().get("both").get("proc/101/maps"))
        .contains("r--s 00000000 00:1a 1 ")
        .endsWith("/dev/shm/board\n");
  }

  @Test
  void shmemPages_areSwapBacked_andComeBackWithTheirContents() {
    RunResult r = run();
    String alone = r.views().get("alone").get("proc/101/smaps_rollup");

    assertThat(r.counter("swap.out"))
        .as("MADV_PAGEOUT once the consumer maps them alone")
        .isEqualTo(256);
    assertThat(r.counter("swap.in")).isEqualTo(256);
    assertThat(alone)
        .contains("Pss:                1024 kB\n")
        .contains("Pss_Shmem:          1024 kB\n");

    var registry = OsRegistry.load();
    CheckReport checked =
        new Checker(registry)
            .replay(
                new ExperimentLoader(registry)
                    .load(LinuxRuns.SCENARIOS.resolve("shared-memory.yaml")),
                List.of());
    assertThat(checked.violation()).as("every read returned the producer's write").isNull();
  }
}

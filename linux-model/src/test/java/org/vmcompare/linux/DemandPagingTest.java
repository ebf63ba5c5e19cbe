package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.metric;
import static org.vmcompare.linux.LinuxRuns.process;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux, demand paging of anonymous memory and the shared zero page (item 1). */
final class DemandPagingTest {
  private static final String SCENARIO = "demand-paging-anon.yaml";

  private static RunResult run() {
    RunResult r = LinuxRuns.scenario(SCENARIO).get(0);
    assertThat(r.ok()).as(r.error()).isTrue();
    return r;
  }

  @Test
  void writingNFreshPages_isNMinorFaults_andNResidentPages() {
    RunResult r = run();

    assertThat(process(r, "writer").minorFaults()).isEqualTo(256);
    assertThat(process(r, "writer").majorFaults()).isZero();
    assertThat(metric(r, "writer", "rss.peak")).isEqualTo(256);
    assertThat(metric(r, "writer", "rss")).as("exit freed it").isZero();
  }

  @Test
  void readingFreshPages_mapsTheZeroPage_noFrameNoRss_andASecondPassHits() {
    RunResult r = run();

    assertThat(process(r, "reader").minorFaults()).isEqualTo(256);
    assertThat(metric(r, "reader", "rss.peak")).isZero();
  }

  @Test
  void readThenWrite_isTwoMinorFaultsAPage_andOnlyTheWritesTakeFrames() {
    RunResult r = run();

    assertThat(process(r, "read-then-write").minorFaults()).isEqualTo(512);
    assertThat(metric(r, "read-then-write", "rss.peak")).isEqualTo(256);
    // writer, read-then-write and careless's 16 zero-filled: the reader took no frame
    assertThat(r.counter("zero.fills")).isEqualTo(256 + 256 + 16);
    assertThat(r.counter("faults.major")).isZero();
  }

  @Test
  void aWriteToAReadOnlyMapping_isASegfault_andOnlyThatProcessEnds() {
    RunResult r = run();

    assertThat(r.counter("segfaults")).isEqualTo(1);
    assertThat(process(r, "careless").state()).isEqualTo("killed");
    assertThat(process(r, "careless").endReason()).startsWith("segmentation fault: write at 0x");
    assertThat(process(r, "writer").state()).isEqualTo("exited");
  }

  @Test
  void exit_freesEveryFrame() {
    RunResult r = run();
    List<Long> free = LinuxRuns.series(r, "linux.free");

    assertThat(free.get(free.size() - 1)).isEqualTo(free.get(0));
    // 64 MiB less the 8 MiB kernel reserve (an eighth of RAM), in 4 KiB pages
    assertThat(free.get(0)).isEqualTo((64 - 8) * 256);
  }

  @Test
  void sameSeed_sameResults() {
    assertThat(LinuxRuns.scenario(SCENARIO)).isEqualTo(LinuxRuns.scenario(SCENARIO));
  }
}

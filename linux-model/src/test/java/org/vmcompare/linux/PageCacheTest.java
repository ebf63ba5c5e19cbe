package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.process;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.ProcessSummary;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux: the page cache shared by mappers, exits and drop-caches (item 1). */
final class PageCacheTest {
  private static List<RunResult> runs() {
    List<RunResult> runs = LinuxRuns.scenario("page-cache.yaml");
    assertThat(runs).allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
    return runs;
  }

  private static long[] faults(RunResult r, String name) {
    ProcessSummary p = process(r, name);
    return new long[] {p.minorFaults(), p.majorFaults()};
  }

  @Test
  void pageByPage_coldTouchesAreMajor_cachedOnesMinor_dropCachesMakesThemMajorAgain() {
    RunResult r = runs().get(1);

    assertThat(faults(r, "first")).containsExactly(0, 64);
    assertThat(faults(r, "second")).containsExactly(64, 0);
    assertThat(faults(r, "relaunch")).containsExactly(64, 0);
    assertThat(faults(r, "cold-again")).containsExactly(0, 64);
    assertThat(r.counter("file.reads")).isEqualTo(2 * 64);
    assertThat(r.counter("disk.reads")).isEqualTo(2 * 64);
    assertThat(r.counter("linux.faultaround.mapped")).isZero();
  }

  @Test
  void defaults_readAroundAndFaultAround_mapSixteenPagesAFault() {
    RunResult r = runs().get(0);

    // page 0 misses: pages 0-31 are read (read-around), the retried fault maps 0-15 (major);
    // 16 maps 16-31 but the readahead mark on 24; 24 starts the async read of 32-63 (minor);
    // 32 waits for that read (major: a retried fault); 48 maps 48-63 (minor)
    assertThat(faults(r, "first")).containsExactly(3, 2);
    // cached: one minor fault per 16-page window
    assertThat(faults(r, "second")).containsExactly(4, 0);
    assertThat(faults(r, "relaunch")).containsExactly(4, 0);
    assertThat(faults(r, "cold-again")).containsExactly(3, 2);
    assertThat(r.counter("file.reads")).isEqualTo(2 * 64);
    assertThat(r.counter("disk.reads")).as("two 32-page reads, twice").isEqualTo(4);
    assertThat(LinuxRuns.metric(r, "second", "rss.peak")).isEqualTo(64);
  }

  @Test
  void read_goesToDiskOnce_theSecondReadActivates_andAMappingHitsTheCache() {
    RunResult r = LinuxRuns.scenario("read-file.yaml").get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("file.reads")).isEqualTo(256);
    assertThat(r.counter("linux.pgactivate")).isEqualTo(256);
    assertThat(faults(r, "reader")).containsExactly(256 / 16, 0);
    assertThat(r.counter("disk.reads")).as("8 windows of 32 pages").isEqualTo(8);
  }

  @Test
  void sameSeed_sameResults() {
    assertThat(runs()).isEqualTo(runs());
  }
}

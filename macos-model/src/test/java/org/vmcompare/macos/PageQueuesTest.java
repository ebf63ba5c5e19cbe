package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.CompressorTest.stat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The page queues and the pageout scan (SEMANTICS.md, macOS: "Page queues"; issue 10 item 5): clean
 * file pages are freed and read again at their next touch, referenced inactive pages go back to
 * active, dirty file pages are written back once, and read-ahead pages wait on the speculative
 * queue until they age into inactive.
 */
final class PageQueuesTest {
  @Test
  void streamingAMovie_freesCleanFilePages_reactivatesHotOnes_writesDirtyOnesBack() {
    RunResult r = MacosRuns.scenario("page-queues.yaml").get(0);

    // 4,096 movie pages, twice, in 1,792 frames: every page of the second pass is read again
    assertThat(MacosRuns.process(r, "player").majorFaults()).isEqualTo(8192);
    assertThat(r.counter("evictions")).isGreaterThan(8192 - 1792);
    assertThat(r.counter("macos.reactivations")).isPositive();
    // the log's 512 dirty pages: written back once each, then clean
    assertThat(r.counter("file.writes")).isEqualTo(512);
    assertThat(r.counter("macos.pageouts")).isEqualTo(512);
    assertThat(r.counter("disk.writes")).isEqualTo(512);
    // no anonymous memory in this scenario: nothing to compress
    assertThat(r.counter("macos.compressions")).isZero();
    String played = r.views().get("played").get("vm_stat");
    assertThat(stat(played, "Pageouts")).isEqualTo(512);
    assertThat(stat(played, "Pages reactivated")).isPositive();
    assertThat(stat(played, "Pageins")).isGreaterThanOrEqualTo(8192);
    assertThat(stat(played, "Pages inactive")).isPositive();
  }

  @Test
  void readAheadPages_waitOnSpeculative_thenAgeIntoInactive() {
    RunResult r = MacosRuns.scenario("speculative.yaml").get(0);

    // 32 faults, each reading its page and the 4 after it
    assertThat(r.counter("faults.major")).isEqualTo(32);
    assertThat(r.counter("file.reads")).isEqualTo(160);
    String read = r.views().get("read").get("vm_stat");
    assertThat(stat(read, "Pages speculative")).isEqualTo(128);
    assertThat(stat(read, "Pages active")).isEqualTo(32);
    String aged = r.views().get("aged").get("vm_stat");
    assertThat(stat(aged, "Pages speculative")).isZero();
    assertThat(stat(aged, "Pages inactive")).isEqualTo(128);
  }
}

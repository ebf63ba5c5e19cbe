package org.vmcompare.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.windows.WindowsRuns.metric;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.RunResult;

/** Commit charge, commit limit and pagefile growth (SEMANTICS.md, Windows; issue 9 item 7). */
final class CommitTest {
  @Test
  void reserveIsFree_pagefileGrows_thenCommitmentLimit_andTheProcessGoesOn() {
    RunResult r = WindowsRuns.scenario("commit-limit.yaml").get(0);

    assertThat(r.views().get("reserved").get("taskmgr")).contains("Committed       0 K");
    assertThat(r.counter("windows.pagefile.extensions")).isEqualTo(1);
    assertThat(r.eventLog())
        .extracting(LogEntry::text)
        .anyMatch(line -> line.contains("running low on virtual memory"));
    assertThat(r.counter("commit.failures")).isEqualTo(1);
    assertThat(r.counter("kills")).isZero();
    assertThat(metric(r, "app", "commit.peak")).isEqualTo((4 + 28) * 256);
    assertThat(WindowsRuns.process(r, "app").state()).isEqualTo("exited");
    assertThat(r.counter("references")).isEqualTo(1024 + 2000);
  }
}

package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.linux.LinuxRuns.process;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux: overcommit (item 7) and the OOM killer (item 8). */
final class OvercommitOomTest {
  @Test
  void redis_forkFailsUnderTheLegacyHeuristicAndStrictMode_succeedsUnderAlwaysAndModern() {
    List<RunResult> runs = LinuxRuns.scenario("redis-overcommit.yaml");

    assertThat(runs).allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
    assertThat(runs)
        .extracting(RunResult::label)
        .containsExactly(
            "legacy heuristic",
            "strict ratio 100",
            "strict ratio 50",
            "always",
            "modern heuristic");
    assertThat(runs.get(0).counter("ops.failed.fork")).isEqualTo(1);
    assertThat(runs.get(1).counter("ops.failed.fork")).isEqualTo(1);
    assertThat(runs.get(2).counter("ops.failed.allocate")).as("46 GiB > 40 GiB").isEqualTo(1);
    assertThat(runs.get(3).counter("ops.failed.fork")).isZero();
    assertThat(runs.get(4).counter("ops.failed.fork")).isZero();
    assertThat(runs.get(0).counter("commit.failures")).isEqualTo(1);
    // 64 GiB less the 16 MiB kernel, times the ratio, plus 8 GiB of swap
    assertThat(meminfo(runs.get(1), "loaded"))
        .contains("CommitLimit:    75481088 kB\n")
        .contains("Committed_AS:   48234496 kB\n");
    assertThat(meminfo(runs.get(2), "loaded")).contains("CommitLimit:    41934848 kB\n");
    assertThat(meminfo(runs.get(3), "forked")).contains("Committed_AS:   96468992 kB\n");
    assertThat(process(runs.get(4), "bgsave").state()).isEqualTo("exited");
  }

  private static String meminfo(RunResult r, String snapshot) {
    return r.views().get(snapshot).get("proc/meminfo");
  }

  @Test
  void mapNoreserve_isHonouredInModes0And1_andIgnoredInMode2() {
    List<RunResult> runs =
        LinuxRuns.yaml(
            """
            name: noreserve
            machine: {ram: 64MiB, swap: 0}
            systems:
              - {os: linux, label: heuristic}
              - {os: linux, label: always, options: {overcommitMemory: always}}
              - {os: linux, label: strict, options: {overcommitMemory: never}}
            processes:
              - name: app
                steps:
                  - allocate: {name: sparse, size: 1MiB, noreserve: true}
                  - snapshot: mapped
            """);

    assertThat(meminfo(runs.get(0), "mapped")).contains("Committed_AS:          0 kB\n");
    assertThat(meminfo(runs.get(1), "mapped")).contains("Committed_AS:          0 kB\n");
    assertThat(meminfo(runs.get(2), "mapped")).contains("Committed_AS:       1024 kB\n");
  }

  @Test
  void oom_killsTheHog_logsTheKernelsLine_andTheOthersGoOn() {
    RunResult r = LinuxRuns.scenario("oom-killer.yaml").get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.counter("kills")).isEqualTo(1);
    assertThat(process(r, "hog").state()).isEqualTo("killed");
    assertThat(process(r, "hog").endReason()).isEqualTo("OOM killer");
    assertThat(process(r, "guarded").state()).isEqualTo("exited");
    assertThat(process(r, "steady").state()).isEqualTo("exited");
    assertThat(process(r, "steady").minorFaults()).as("its pages stayed").isEqualTo(2048);
    assertThat(r.eventLog())
        .extracting(LogEntry::text)
        .anySatisfy(
            line ->
                assertThat(line)
                    .matches(
                        "Out of memory: Killed process 102 \\(hog\\) total-vm:49152kB,"
                            + " anon-rss:\\d+kB, file-rss:0kB, shmem-rss:0kB, UID:0"
                            + " pgtables:\\d+kB oom_score_adj:0"));
  }

  @Test
  void oom_aHigherAdjGoesFirst_andMinus1000IsNeverChosen() {
    RunResult r =
        LinuxRuns.yaml(
                """
                name: adj
                machine: {ram: 64MiB, swap: 0}
                systems: [linux]
                processes:
                  - name: small-but-first
                    oomScoreAdj: 1000
                    steps:
                      - allocate: {name: heap, size: 4MiB}
                      - touch: {region: heap, writes: 1}
                      - sleep: 50ms
                  - name: hog
                    oomScoreAdj: -1000
                    start: 1ms
                    steps:
                      - allocate: {name: heap, size: 52MiB}
                      - touch: {region: heap, writes: 1}
                """)
            .get(0);

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(process(r, "small-but-first").state()).isEqualTo("killed");
    assertThat(process(r, "hog").state()).isEqualTo("exited");
    assertThat(r.counter("kills")).isEqualTo(1);
  }
}

package org.vmcompare.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vmcompare.linux.LinuxRuns.process;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vmcompare.common.InputError;
import org.vmcompare.metrics.RunResult;

/** SEMANTICS.md, Linux: transparent huge pages (item 9). */
final class ThpTest {
  private static List<RunResult> runs() {
    List<RunResult> runs = LinuxRuns.scenario("thp.yaml");
    assertThat(runs).allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
    return runs;
  }

  @Test
  void anAlignedRange_getsOneHugePageOnItsFirstFault() {
    List<RunResult> runs = runs();
    RunResult huge = runs.get(0);
    RunResult never = runs.get(1);

    // heap: 4 faults for 8 MiB; table: 1 read (huge zero page) + 1 write; the parent's write
    // after the child exited: 1
    assertThat(process(huge, "app").minorFaults()).isEqualTo(4 + 1 + 1 + 1);
    assertThat(huge.counter("linux.thp.fault.alloc")).isEqualTo(4);
    assertThat(process(never, "app").minorFaults()).isEqualTo(2048 + 512 + 1 + 1);
    assertThat(huge.views().get("huge").get("proc/meminfo"))
        .contains("AnonHugePages:      8192 kB\n");
    assertThat(huge.views().get("huge").get("proc/100/smaps_rollup"))
        .contains("Rss:                8192 kB\n")
        .contains("AnonHugePages:      8192 kB\n");
  }

  @Test
  void afterFork_aWriteSplitsTheWritersMapping_andCopiesOneBasePage() {
    RunResult r = runs().get(0);

    assertThat(process(r, "child").minorFaults()).isEqualTo(1);
    assertThat(r.counter("cow.copies")).as("4 KiB, not 2 MiB (5.8+)").isEqualTo(1);
    assertThat(r.counter("linux.thp.split.pmd"))
        .as("the huge zero page's, the child's, and the parent's at the partial DONTNEED")
        .isEqualTo(3);
    // the child: three huge pages it shares (PMD-mapped), the fourth's 511 pages shared through
    // its PTEs, its own 4 KiB copy, and table's written page it shares
    assertThat(r.views().get("child-wrote").get("proc/101/smaps_rollup"))
        .contains("Rss:                8196 kB\nPss:                4100 kB\n")
        .contains("AnonHugePages:      6144 kB\n");
  }

  @Test
  void aPartialDontNeed_splitsTheHugePage() {
    RunResult r = runs().get(0);
    String rollup = r.views().get("split").get("proc/100/smaps_rollup");

    assertThat(r.counter("linux.thp.split.page")).isEqualTo(1);
    assertThat(rollup).contains("AnonHugePages:      6144 kB\n");
    // 8 MiB less the page dropped, plus table's one written page
    assertThat(rollup).contains("Rss:                8192 kB\n");
  }

  @Test
  void hugePageAdvice_onAFileMapping_isAnErrorNamingTheKeyAndTheRegion() {
    RunResult r =
        LinuxRuns.yaml(
                """
                name: thp-file
                machine: {ram: 64MiB}
                systems: [linux]
                files: [{name: data, size: 4MiB}]
                processes:
                  - name: app
                    steps:
                      - map-file: {name: w, file: data, mode: shared}
                      - native: {os: linux, call: madvise, args: {region: w, advice: MADV_HUGEPAGE}}
                """)
            .get(0);

    assertThat(r.ok()).isFalse();
    assertThat(r.error())
        .contains("native linux.madvise: args.advice: MADV_HUGEPAGE on 'w'")
        .contains("not private anonymous memory");
  }

  @Test
  void thpCowCopy_base_copiesTheWrittenBasePage_huge_copiesTheWholeHugePage() {
    List<RunResult> runs = LinuxRuns.scenario("thp-fork-cow.yaml");
    assertThat(runs).allSatisfy(r -> assertThat(r.ok()).as(r.error()).isTrue());
    RunResult base = runs.get(0);
    RunResult huge = runs.get(1);

    // 5.8+: the child's PMD split, 4 KiB copied; its PSS counts the 511 pages still shared at half
    assertThat(base.counter("cow.copies")).isEqualTo(1);
    assertThat(base.counter("linux.thp.split.pmd")).isEqualTo(1);
    assertThat(base.views().get("child-wrote").get("proc/101/smaps_rollup"))
        .contains("Pss:                4098 kB\n")
        .contains("AnonHugePages:      6144 kB\n");
    // before 5.8: 512 pages copied into a new huge page, nothing split
    assertThat(huge.counter("cow.copies")).isEqualTo(512);
    assertThat(huge.counter("linux.thp.cow.huge")).isEqualTo(1);
    assertThat(huge.counter("linux.thp.split.pmd")).isZero();
    assertThat(huge.views().get("child-wrote").get("proc/101/smaps_rollup"))
        .contains("Pss:                5120 kB\n")
        .contains("Private_Dirty:      2048 kB\n")
        .contains("AnonHugePages:      8192 kB\n");
    assertThat(process(huge, "snapshot").minorFaults()).isEqualTo(1);
    assertThat(process(base, "snapshot").minorFaults()).isEqualTo(1);
  }

  @Test
  void madviseWithAnAdviceTheModelHasNot_isRefusedAtLoad_namingTheKey() {
    String yaml =
        """
        name: bad-advice
        systems: [linux]
        processes:
          - name: app
            steps:
              - allocate: {name: heap, size: 4MiB}
              - native: {os: linux, call: madvise, args: {region: heap, advice: MADV_HUGPAGE}}
        """;

    assertThatThrownBy(() -> LinuxRuns.yaml(yaml))
        .isInstanceOf(InputError.class)
        .hasMessage(
            "test.yaml:7:9: processes[0].steps[1].native.args.advice: advice MADV_HUGPAGE is not"
                + " implemented yet on linux");
  }
}

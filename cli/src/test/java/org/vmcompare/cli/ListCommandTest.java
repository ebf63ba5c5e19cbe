package org.vmcompare.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class ListCommandTest {
  private static final String UNDER = "             ";

  private static List<String> block(List<String> lines, String system) {
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("  " + system + " ")) {
        start = i;
      }
    }
    assertThat(start).as(system).isNotNegative();
    int end = start + 1;
    while (end < lines.size() && lines.get(end).startsWith(UNDER)) {
      end++;
    }
    return lines.subList(start + 1, end);
  }

  @Test
  void list_showsEachSystemsPerProcessOptions_underTheSystem_afterItsSystemOptions() {
    CliRun r = CliRun.of(new ListCommand());

    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(block(lines, "linux"))
        .hasSize(14)
        .startsWith(
            UNDER
                + "swappiness (default 60; 0..200): vm.swappiness: weight of anonymous pages in"
                + " reclaim")
        .endsWith(
            UNDER + "per process (keys of processes[]):",
            UNDER + "  nice (default 0; -20..19): scheduling niceness: -20 favoured most, 19 least",
            UNDER
                + "  oomScoreAdj (default 0; -1000..1000): oom_score_adj: added to the OOM killer's"
                + " badness in thousandths of RAM + swap; -1000 is never killed");
    List<String> windows = block(lines, "windows");
    assertThat(windows)
        .hasSize(34 + 7)
        .startsWith(
            UNDER
                + "wakeAvailablePages (default 26; 0..1099511627776): wake the balance set manager"
                + " when a page is taken below this many available (81 on servers)");
    assertThat(windows.subList(34, 41))
        .satisfies(
            b -> {
              assertThat(b.get(1)).startsWith(UNDER + "  memoryPriority (default 5; 1..5): ");
              assertThat(b.get(2))
                  .startsWith(
                      UNDER + "  workingSetMin (default 50pages; a size: 200KiB or 50pages): ");
              assertThat(b.get(3)).startsWith(UNDER + "  workingSetMax (default 345pages; ");
              assertThat(b.get(4)).startsWith(UNDER + "  hardWorkingSetMax (default false; ");
              assertThat(b.get(5)).startsWith(UNDER + "  hardWorkingSetMin (default false; ");
              assertThat(b.get(6)).startsWith(UNDER + "  foreground (default false; ");
            });
    List<String> macos = block(lines, "macos");
    assertThat(macos.get(0))
        .startsWith(UNDER + "aliasing (default xnu; one of xnu, exclusive-handoff): ");
    assertThat(macos.get(1)).startsWith(UNDER + "platform (default macos; one of macos, ios): ");
    assertThat(macos.get(2)).startsWith(UNDER + "killOnNoPagingSpace (default false; ");
    assertThat(macos.get(3)).startsWith(UNDER + "freePagesMin (default 3500; ");
    assertThat(macos.get(11)).startsWith(UNDER + "compressorSegment (default auto; ");
    assertThat(macos.get(12)).startsWith(UNDER + "swapfileSize (default 1GiB; ");
    assertThat(macos.get(13)).startsWith(UNDER + "swapThresholdPercent (default 40; ");
    assertThat(macos.get(14)).startsWith(UNDER + "compressionLimit (default 0; ");
    assertThat(macos.get(15)).isEqualTo(UNDER + "per process (keys of processes[]):");
    assertThat(macos)
        .element(16)
        .asString()
        .startsWith(
            UNDER
                + "  jetsamBand (default 100; 0..210 or idle (0), aging (10), background (30),"
                + " mail (40), freezer (75), foreground (100), home (160), important (180),"
                + " critical (190)): ");
    assertThat(macos)
        .element(17)
        .asString()
        .startsWith(UNDER + "  idleExit (default false; one of true, false): ");
    assertThat(block(lines, "textbook"))
        .containsExactly(
            UNDER
                + "policy (default LRU; one of FIFO, LRU, CLOCK, RANDOM, OPT): replacement policy"
                + " over one global pool of frames",
            UNDER + "frames (default 0): frames in the pool; 0 = all of the machine's usable RAM");
  }
}

package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * The compressor (SEMANTICS.md, macOS: "Compressor"; issue 10 item 5): dirty anonymous victims of
 * the pageout scan are compressed into segments whose frames are "occupied by compressor", at the
 * compressibility the workload wrote; zero pages take no space; a touch decompresses; the footprint
 * counts compressed pages, and vmmap shows them as SWAPPED.
 */
final class CompressorTest {
  @Test
  void twelveMibWrittenInSevenMib_isPartlyCompressed_andTheFootprintCountsIt() {
    RunResult r = MacosRuns.scenario("compressor.yaml").get(0);

    String written = r.views().get("written").get("vm_stat");
    long stored = stat(written, "Pages stored in compressor");
    long occupied = stat(written, "Pages occupied by compressor");
    // every page written is resident or compressed
    assertThat(stat(written, "Anonymous pages") + stored).isEqualTo(3072);
    assertThat(stored).isGreaterThan(3072 - 1792);
    assertThat(stat(written, "Compressions") - stat(written, "Decompressions")).isEqualTo(stored);
    // compressibility 0.75: a quarter of a page each (1,029 bytes), plus the open segments' tails
    assertThat(occupied).isBetween(stored * 1029 / 4096, stored * 1029 / 4096 + 8);
    // the queues and the compressor account for every frame: 256 wired, the rest managed
    assertThat(
            stat(written, "Pages free")
                + stat(written, "Pages active")
                + stat(written, "Pages inactive")
                + stat(written, "Pages speculative")
                + occupied
                + stat(written, "Pages wired down"))
        .isEqualTo(2048);
    String vmmap = r.views().get("written").get("vmmap/100");
    assertThat(vmmap).contains("Physical footprint:         12.0M\n");
    assertThat(vmmap)
        .containsPattern(
            "VM_ALLOCATE +12\\.0M +" + (3072 - stored) * 4 + "K +\\d+K +" + stored * 4 + "K ");

    String readBack = r.views().get("read-back").get("vm_stat");
    assertThat(stat(readBack, "Decompressions")).isGreaterThanOrEqualTo(stored);
    assertThat(stat(readBack, "Compressions") - stat(readBack, "Decompressions"))
        .isEqualTo(stat(readBack, "Pages stored in compressor"));
    assertThat(r.counter("macos.decompressions")).isEqualTo(stat(readBack, "Decompressions"));
  }

  /**
   * A page zero-filled by a read fault and never written is clean (vm_fault_zero_page sets no dirty
   * bit), and the pageout scan frees a clean page instead of compressing it; touched again it is
   * zero-filled again.
   */
  @Test
  void pagesOnlyRead_areClean_freedNotCompressed() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: zero-pages
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: reader
                    steps:
                      - allocate: {name: big, size: 12MiB}
                      - touch: {region: big}
                      - snapshot: read
                      - touch: {region: big}
                """)
            .get(0);

    String stat = r.views().get("read").get("vm_stat");
    assertThat(stat(stat, "Pages stored in compressor")).isZero();
    assertThat(r.counter("macos.compressions")).isZero();
    // 1,792 usable frames hold at most that many of the 3,072 pages: the rest were freed, and
    // the second pass zero-fills what it finds gone
    assertThat(r.counter("evictions")).isGreaterThan(2 * 3072 - 1792);
    assertThat(r.counter("zero.fills")).isEqualTo(r.counter("macos.faults")).isGreaterThan(3072);
  }

  /**
   * Fork, shared memory and a shadow chain under pressure: compressed pages are found down the
   * chain and in POSIX shared memory, every read in the checked replay sees what was written, and
   * when every task has gone the compressor holds only the shared memory that outlives them.
   */
  @Test
  void forkedAndSharedPages_compressAndComeBack_withTheirContents() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: fork-under-pressure
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: parent
                    steps:
                      - allocate: {name: data, size: 2MiB}
                      - touch: {region: data, writes: 1}
                      - share: {name: board, shared: board, size: 1MiB}
                      - touch: {region: board, writes: 1}
                      - fork:
                          name: child
                          steps:
                            - allocate: {name: own, size: 2MiB}
                            - touch: {region: own, writes: 1}
                            - touch: {region: data, writes: 0.3}
                            - touch: {region: board}
                            - snapshot: child
                      - touch: {region: data, pattern: random, count: 2k, writes: 0.5}
                      - sleep: 20ms
                      - touch: {region: data}
                      - snapshot: parent
                """)
            .get(0);

    assertThat(r.counter("macos.compressions")).isPositive();
    assertThat(r.counter("macos.decompressions")).isPositive();
    assertThat(r.counter("cow.copies")).isPositive();
    String child = r.views().get("child").get("vm_stat");
    assertThat(stat(child, "Compressions") - stat(child, "Decompressions"))
        .isEqualTo(stat(child, "Pages stored in compressor"));
  }

  @Test
  void decompressingAtRandom_compactsSegments_toAtMostTwiceTheirLiveData() {
    RunResult r =
        MacosRuns.yaml(
                """
                name: holes
                machine: {ram: 8MiB, kernel: 1MiB, swap: 0}
                systems: [macos]
                processes:
                  - name: hog
                    steps:
                      - allocate: {name: heap, size: 12MiB}
                      - touch: {region: heap, writes: 1, compressibility: 0.75}
                      - touch: {region: heap, pattern: random, count: 3k}
                      - snapshot: holes
                """)
            .get(0);

    assertThat(r.counter("macos.compactions")).isPositive();
    String stat = r.views().get("holes").get("vm_stat");
    long stored = stat(stat, "Pages stored in compressor");
    assertThat(stat(stat, "Compressions") - stat(stat, "Decompressions")).isEqualTo(stored);
    // a quarter of a page each; a segment (64 frames) holding over twice its live data is compacted
    long segments = (stored * 1029 / 4096) / 64 + 2;
    assertThat(stat(stat, "Pages occupied by compressor"))
        .isLessThanOrEqualTo(2 * (stored * 1029 / 4096 + segments) + 64);
  }

  static long stat(String vmStat, String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + ": +(\\d+)\\.$").matcher(vmStat);
    assertThat(m.find()).as(label + " in\n" + vmStat).isTrue();
    return Long.parseLong(m.group(1));
  }
}

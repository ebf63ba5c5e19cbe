package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.LogEntry;
import org.vmcompare.metrics.RunResult;
import org.vmcompare.metrics.RunStatus;

/**
 * The compressor pool's limit (issue 10 items 6 and 8; vm_compressor_set_size, osfmk/vm/
 * vm_compressor.c): the pool tracks at most c_segments_limit segments and
 * c_segment_pages_compressed_limit pages, swapfiles included; near 98% of either the memory
 * pressure level goes critical and the paging space action runs; at the limit a page is not
 * compressed and stays active.
 */
final class CompressorPoolTest {
  private static final long GIB = 1L << 30;

  @Test
  void limits_areVmCompressorSetSizes_forRealMacs() {
    // 8 GiB Intel Mac: pool 8 x RAM = 64 GiB of 256 KiB segments, 64 pages each, multiplier 1
    PoolLimits intel = PoolLimits.of(8 * GIB, 256 << 10, 4 << 10, 0);
    assertThat(intel.segments()).isEqualTo(262_144);
    assertThat(intel.pages()).isEqualTo(262_144L * 64);
    // 16 GiB Apple silicon: pool 4 x RAM = 64 GiB; a segment takes 64 KiB + a 16 KiB page;
    // 4 pages a segment, multiplier 2
    PoolLimits m1 = PoolLimits.of(16 * GIB, 64 << 10, 16 << 10, 0);
    assertThat(m1.segments()).isEqualTo(64 * GIB / (80 << 10));
    assertThat(m1.segments()).isEqualTo(838_860);
    assertThat(m1.pages()).isEqualTo(838_860L * 4 * 2);
    // 128 GiB: 2 x RAM capped at 192 GiB, multiplier 4
    PoolLimits big = PoolLimits.of(128 * GIB, 64 << 10, 16 << 10, 0);
    assertThat(big.segments()).isEqualTo(192 * GIB / (80 << 10));
    assertThat(big.pages()).isEqualTo(big.segments() * 4 * 4);
    // the boot-arg vm_compression_limit (pages) sets the pool, and the page limit is not raised
    // to RAM's pages
    PoolLimits limited = PoolLimits.of(16 * GIB, 64 << 10, 16 << 10, 1000);
    assertThat(limited.segments()).isEqualTo(1000L * (16 << 10) / (80 << 10));
    assertThat(limited.pages()).isEqualTo(200L * 4 * 2);
  }

  @Test
  void limits_ofTheScenarioMachine_are16TimesItsRam() {
    PoolLimits small = PoolLimits.of(8 << 20, 256 << 10, 4 << 10, 0);

    assertThat(small.segments()).isEqualTo(512);
    assertThat(small.pages()).isEqualTo(32_768);
    assertThat(small.segmentsNearing()).isEqualTo(501);
    assertThat(small.pagesNearing()).isEqualTo(32_112);
  }

  @Test
  void compressorNearFull_pressureGoesCritical_andTheTaskHoldingItIsKilled_withSwapToSpare() {
    RunResult r = MacosRuns.scenario("compressor-full.yaml").get(0);

    // critical because the compressor is near full, with more than 0.4 of memory uncompressed
    String critical = line(r, "macos: memory pressure warn -> critical (");
    assertThat(percent(critical)).isGreaterThan(40);
    assertThat(critical).contains("compressor low on space (");
    assertThat(pages(critical)).isGreaterThan(32_112).isLessThanOrEqualTo(32_768);
    // the paging space action: the task holds more than half of the compressed pages
    String kill = line(r, "macos: compressor low on space (");
    assertThat(kill).contains(": killing hog[100], which holds ");
    assertThat(pages(kill)).isGreaterThan(32_112).isLessThanOrEqualTo(32_768);
    assertThat(MacosRuns.process(r, "hog").endReason()).isEqualTo("compressor low on space");
    assertThat(r.counter("kills")).isEqualTo(1);
    // the swapfile had room (16,384 pages of 4 KiB in 64 MiB): the pool's limit, not swap, ran out
    assertThat(r.counter("macos.swapouts")).isPositive().isLessThan(16_384);
    assertThat(r.counter("macos.compressions")).isEqualTo(pages(kill));
    assertThat(r.counter("macos.compressions.failed")).isZero();
    // its memory freed, the level goes back to normal
    assertThat(log(r).get(log(r).size() - 1))
        .startsWith("macos: memory pressure critical -> normal");
  }

  private static final String THREE_HOGS =
      """
      name: three-hogs
      machine: {ram: 8MiB, kernel: 1MiB, swap: 64MiB}
      scheduler: {quantum: 100}
      systems: [macos]
      processes:
        - {name: a, steps: [{allocate: {name: heap, size: 56MiB}},
                            {touch: {region: heap, writes: 1, compressibility: 0.9}}]}
        - {name: b, steps: [{allocate: {name: heap, size: 56MiB}},
                            {touch: {region: heap, writes: 1, compressibility: 0.9}}]}
        - {name: c, steps: [{allocate: {name: heap, size: 56MiB}},
                            {touch: {region: heap, writes: 1, compressibility: 0.9}}]}
      """;

  @Test
  void threeEqualHogs_theDialog_thenThePoolStopsAtItsLimit_andTheHogsHangAtTheDialog() {
    RunResult r = MacosRuns.yaml(THREE_HOGS).get(0);

    // near full: no task holds more than half and none is idle: the dialog, and the run goes on
    assertThat(line(r, "macos: compressor low on space ("))
        .contains("no task holds more than half the compressed pages and none is in the idle band")
        .contains("\"out of application memory\" dialog");
    // the pool takes no new segment past its limit: pages it cannot take stay active
    assertThat(r.counter("macos.compressions.failed")).isPositive();
    long stored = r.counter("macos.compressions") - r.counter("macos.decompressions");
    // the page limit is checked when a segment is opened: the last one (639 pages of 410 bytes)
    // may take the count past it
    assertThat(stored).isGreaterThanOrEqualTo(32_768).isLessThan(32_768 + 640);
    assertThat(r.counter("kills")).isZero();
    // then a fault finds no page: the dialog again, and the three wait for pages nobody frees,
    // swap still having room
    assertThat(line(r, "macos: no free page for "))
        .contains("the compressor pool is at its limit (" + stored + " of 32768 compressed pages")
        .contains("of 512 segments)")
        .endsWith(" waits for a free page");
    assertHung(r, "a", "b", "c");
    assertThat(r.counter("macos.swapouts")).isPositive().isLessThan(16_384);
  }

  @Test
  void threeEqualHogsAndAnIdleDaemon_nearFull_theIdleOneIsKilledFirst() {
    String yaml =
        THREE_HOGS.replace(
            "processes:\n",
            """
            processes:
              - {name: daemon, jetsamBand: idle,
                 steps: [{allocate: {name: heap, size: 1MiB}},
                         {touch: {region: heap, writes: 1, compressibility: 0.9}},
                         {sleep: 60s}]}
            """);
    RunResult r = MacosRuns.yaml(yaml).get(0);

    // memorystatus_kill_on_VM_compressor_space_shortage: the idle band goes before the dialog
    assertThat(line(r, "macos: compressor low on space ("))
        .contains(": killing daemon[100] of the idle band (0), which holds 256 of the");
    assertThat(MacosRuns.process(r, "daemon").endReason()).isEqualTo("compressor low on space");
    assertThat(r.counter("kills")).isEqualTo(1);
    // the three hogs still fill the pool, and hang at the dialog
    assertThat(line(r, "macos: no free page for "))
        .contains("the compressor pool is at its limit (");
    assertHung(r, "a", "b", "c");
  }

  /** The run finished, and each of {@code names} ended hung at the dialog, not killed. */
  private static void assertHung(RunResult r, String... names) {
    assertThat(r.status()).isEqualTo(RunStatus.OK);
    for (String name : names) {
      assertThat(MacosRuns.process(r, name).state()).as(name).isEqualTo("hung");
      assertThat(MacosRuns.process(r, name).endReason())
          .as(name)
          .isEqualTo(
              "hung: waiting for memory (\"out of application memory\" dialog); not enough came"
                  + " free before the run ended");
    }
  }

  @Test
  void levelRules_compressorNearFull_isCriticalWhateverIsFree() {
    assertThat(Pressure.next(Pressure.NORMAL, 0.9, true)).isEqualTo(Pressure.CRITICAL);
    assertThat(Pressure.next(Pressure.WARN, 0.45, true)).isEqualTo(Pressure.CRITICAL);
    assertThat(Pressure.next(Pressure.CRITICAL, 0.9, true)).isEqualTo(Pressure.CRITICAL);
    assertThat(Pressure.next(Pressure.CRITICAL, 0.9, false)).isEqualTo(Pressure.NORMAL);
    assertThat(Pressure.next(Pressure.NORMAL, 0.45, false)).isEqualTo(Pressure.WARN);
  }

  private static List<String> log(RunResult r) {
    return r.eventLog().stream().map(LogEntry::text).toList();
  }

  private static String line(RunResult r, String prefix) {
    return log(r).stream()
        .filter(t -> t.startsWith(prefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + log(r)));
  }

  private static long percent(String line) {
    Matcher m = Pattern.compile("\\((\\d+)% of available memory uncompressed").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static long pages(String line) {
    Matcher m = Pattern.compile("(\\d+) of 32768 compressed pages").matcher(line);
    assertThat(m.find()).as(line).isTrue();
    return Long.parseLong(m.group(1));
  }
}

package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.vmcompare.macos.CompressorTest.stat;

import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Swapfiles (SEMANTICS.md, macOS: "Compressor"; issue 10 item 6): past the swap threshold the
 * compressor's oldest segments are written whole to a swapfile and their frames freed; a fault on a
 * page in such a segment reads the segment back while the task waits (a major fault), and the
 * checked replay sees every page come back with what was written.
 */
final class SwapfilesTest {
  @Test
  void sixteenMibInSevenMib_sendsSegmentsToASwapfile_andReadsThemBack() {
    RunResult r = MacosRuns.scenario("swapfiles.yaml").get(0);

    String written = r.views().get("written").get("vm_stat");
    long swapouts = stat(written, "Swapouts");
    assertThat(swapouts).isPositive();
    // whole 256 KiB segments (64 frames of 4 KiB) go out
    assertThat(swapouts % 64).isZero();
    assertThat(stat(written, "Swapins")).isZero();
    // every page written is resident or compressed, in memory or in the swapfile
    assertThat(stat(written, "Anonymous pages") + stat(written, "Pages stored in compressor"))
        .isEqualTo(4096);
    assertThat(r.views().get("written").get("vmmap/100"))
        .contains("Physical footprint:         16.0M\n");

    // the second pass: each segment out is read back at a fault, once per segment read
    String readBack = r.views().get("read-back").get("vm_stat");
    assertThat(stat(readBack, "Swapins")).isPositive();
    assertThat(r.counter("macos.swapins")).isEqualTo(stat(readBack, "Swapins"));
    assertThat(r.counter("swap.in")).isEqualTo(r.counter("macos.swapins"));
    assertThat(r.counter("swap.out")).isEqualTo(r.counter("macos.swapouts"));
    assertThat(r.counter("faults.major")).isEqualTo(r.counter("disk.reads"));
    assertThat(MacosRuns.process(r, "hog").majorFaults()).isEqualTo(r.counter("disk.reads"));
    assertThat(r.counter("macos.decompressions")).isEqualTo(4096);
  }

  @Test
  void noSwapButRoomToGrow_swapfilesAreCreatedUpToSwapMax_asWithThatMuchSwap() {
    String machine = "name: grow\nmachine: {ram: 8MiB, kernel: 1MiB, %s}\n";
    String rest =
        "systems: [macos]\n"
            + "processes:\n"
            + "  - name: hog\n"
            + "    steps:\n"
            + "      - allocate: {name: heap, size: 16MiB}\n"
            + "      - touch: {region: heap, writes: 1, compressibility: 0.5}\n"
            + "      - touch: {region: heap}\n";
    RunResult grown =
        MacosRuns.yaml(String.format(machine, "swap: 0, swapMax: 64MiB") + rest).get(0);
    RunResult fixed = MacosRuns.yaml(String.format(machine, "swap: 64MiB") + rest).get(0);
    RunResult none = MacosRuns.yaml(String.format(machine, "swap: 0") + rest).get(0);

    assertThat(grown.counter("macos.swapouts")).isPositive();
    assertThat(grown.counters()).isEqualTo(fixed.counters());
    assertThat(none.counter("macos.swapouts")).isZero();
  }
}

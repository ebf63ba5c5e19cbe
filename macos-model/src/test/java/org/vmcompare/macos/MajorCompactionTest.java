package org.vmcompare.macos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunResult;

/**
 * Major compaction (issue 10 item 6; vm_compressor_compact_and_swap): while the compressor needs to
 * swap, half-used segments are appended to older ones and emptied. The checked replay compares
 * every page read with what was written, so pages moved between segments read back whole.
 */
final class MajorCompactionTest {
  @Test
  void readingEveryOtherPage_leavesHalfUsedSegments_thatMajorCompactionMergesOnceTheyAreAged() {
    RunResult r = MacosRuns.scenario("major-compaction.yaml").get(0);

    assertThat(stat(r.views().get("written").get("vm_stat"), "Swapouts")).isPositive();
    List<Long> segments = r.timeSeries().get("macos.compressor.segments");
    List<Long> stored = r.timeSeries().get("macos.compressor.stored");
    assertThat(segments).hasSameSizeAs(stored).hasSizeGreaterThan(1000);
    // at 2 KiB a page a segment holds 128 pages. After the reads, the segments read back from the
    // swapfile are half used and stay off the age queue for 10 s: many more than the pages need
    int beforeSleep = 20; // 200 ms, the reads done
    assertThat(r.views().get("strided")).isNotNull();
    assertThat(segments.get(beforeSleep)).isGreaterThanOrEqualTo(needed(stored, beforeSleep) + 8);

    // after the sleep, the new writes make the compressor swap: the compactor empties half-used
    // segments into older ones, leaving at most 3 more than the pages need (the open one, one
    // the pass could not fill whole, one it stopped before when memory was no longer short)
    int end = segments.size() - 2; // the last sample is after the exit
    assertThat(r.counter("macos.compactions.major")).isPositive();
    assertThat(segments.get(end)).isLessThan(segments.get(beforeSleep));
    assertThat(segments.get(end)).isLessThanOrEqualTo(needed(stored, end) + 3);
    // a merge moves data between segments: no page is lost or decompressed by it
    String more = r.views().get("more").get("vm_stat");
    assertThat(stat(more, "Anonymous pages") + stat(more, "Pages stored in compressor"))
        .isEqualTo(3072 + 512);
    assertThat(stat(more, "Decompressions")).isEqualTo(1536);
    assertThat(stat(more, "Compressions") - stat(more, "Decompressions"))
        .isEqualTo(stat(more, "Pages stored in compressor"));
  }

  private static long needed(List<Long> stored, int sample) {
    return (stored.get(sample) + 127) / 128;
  }

  @Test
  void readingInOrder_emptiesWholeSegments_andLeavesNothingToMerge() {
    RunResult r = MacosRuns.scenario("swapfiles.yaml").get(0);

    assertThat(r.counter("macos.swapins")).isPositive();
    assertThat(r.counter("macos.compactions.major")).isZero();
  }

  private static long stat(String vmStat, String label) {
    Matcher m =
        Pattern.compile("(?m)^\"?" + Pattern.quote(label) + "\"?:\\s+(\\d+)\\.$").matcher(vmStat);
    assertThat(m.find()).as(label + " in\n" + vmStat).isTrue();
    return Long.parseLong(m.group(1));
  }
}

package org.vmcompare.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.Counter;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Metrics;
import org.vmcompare.metrics.Unit;

final class TimeSeriesTest {
  private static final MetricSpec LEVEL = MetricSpec.of("toy.level", Unit.LEVEL, "a level");

  private final long[] level = new long[1];
  private final Metrics metrics = new Metrics();

  TimeSeriesTest() {
    metrics.registerGauge(LEVEL, () -> level[0]);
  }

  @Test
  void shortRun_keepsEverySample_withFreeMemory() {
    TimeSeries s = new TimeSeries(List.of(LEVEL), 100, 8);
    for (int i = 0; i < 5; i++) {
      s.sample(i * 10L, i, 1, metrics);
    }

    Map<String, List<Long>> cols = s.columns();
    assertThat(cols.get("timeNs")).containsExactly(0L, 10L, 20L, 30L, 40L);
    assertThat(cols.get("memory.free.pages")).containsExactly(100L, 99L, 98L, 97L, 96L);
    assertThat(cols.keySet()).startsWith("timeNs", "memory.used.pages", "memory.free.pages");
  }

  @Test
  void longRun_staysBounded_andKeepsTheSpikeTheDipAndTheFinalCount() {
    TimeSeries s = new TimeSeries(List.of(LEVEL), 1000, 16);
    for (int i = 0; i < 1000; i++) {
      level[0] = i == 377 ? 99 : i == 611 ? -5 : 10;
      metrics.increment(Counter.FAULTS_MINOR);
      s.sample(i * 10L, 500, 1, metrics);
    }

    Map<String, List<Long>> cols = s.columns();
    assertThat(cols.get("timeNs")).hasSizeLessThanOrEqualTo(18).isSorted().startsWith(0L);
    assertThat(cols.get("timeNs").get(cols.get("timeNs").size() - 1)).isEqualTo(9990L);
    assertThat(cols.get("toy.level")).contains(99L, -5L);
    assertThat(cols.get("toy.level").indexOf(99L)).isLessThan(cols.get("toy.level").indexOf(-5L));
    assertThat(cols.get("faults.minor")).isSorted().startsWith(1L).endsWith(1000L);
    assertThat(cols.values()).allSatisfy(c -> assertThat(c).hasSameSizeAs(cols.get("timeNs")));
  }
}

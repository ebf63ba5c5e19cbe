package org.vmcompare.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vmcompare.metrics.RunStatus;

final class MetricCatalogueTest {
  private final MetricCatalogue catalogue =
      MetricCatalogue.of(List.of(Runs.run("A", 1, 10, 2), Runs.run("B", 1, 4, 0)));

  @Test
  void metrics_sharedFirstInDisplayOrder_thenTheModelsCounters() {
    List<String> names = catalogue.metrics().stream().map(ReportMetric::name).toList();

    assertThat(names.subList(0, 5))
        .containsExactly("references", "faults", "faults.minor", "faults.major", "zero.fills");
    assertThat(names)
        .containsSubsequence("tlb.hit.rate", "evictions", "resident.peak", "simulated.time");
    assertThat(names.get(names.size() - 1)).isEqualTo("textbook.scans");
  }

  @Test
  void get_unknownName_failsListingTheKnownOnes() {
    assertThatThrownBy(() -> catalogue.get("faults.minr"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown metric 'faults.minr'")
        .hasMessageContaining("did you mean 'faults.minor'")
        .hasMessageContaining("known metrics: references, faults, faults.minor");
  }

  @Test
  void select_keepsTheChosenInTheirOrder_shownEvenWhenZero() {
    MetricCatalogue chosen = catalogue.select(List.of("evictions", "faults"));

    assertThat(chosen.metrics())
        .extracting(ReportMetric::name)
        .containsExactly("evictions", "faults");
    assertThat(chosen.alwaysShown("evictions")).isTrue();
    assertThat(catalogue.alwaysShown("swap.out")).isFalse();
    assertThat(MetricCatalogue.deferred("linux.reclaim.direct", List.of("linux", "ops"))).isTrue();
    assertThat(MetricCatalogue.deferred("evictons", List.of("linux", "ops"))).isFalse();
  }

  @Test
  void derivedMetrics_readFromCountersAndTheTimeSeries() {
    var r = Runs.run("A", 1, 10, 2);

    assertThat(catalogue.get("faults").of(r)).isEqualTo(12);
    assertThat(catalogue.get("tlb.hit.rate").of(r)).isEqualTo(90.0);
    assertThat(catalogue.get("resident.peak").of(r)).isEqualTo(257);
    assertThat(catalogue.get("resident.final").of(r)).isEqualTo(128);
    assertThat(catalogue.get("ops.reclaim.lost").of(r)).isZero();
    assertThat(catalogue.get("faults.minor").better()).isEqualTo(Better.LOWER);
    assertThat(catalogue.get("tlb.hit.rate").better()).isEqualTo(Better.HIGHER);
  }

  @Test
  void unfinishedRun_hasNoValue_notZero() {
    var r = Runs.run("A", 1, 10, 2, RunStatus.ERROR, Map.of());

    assertThat(catalogue.get("faults").of(r)).isNaN();
  }

  @Test
  void processMetricsAndGauges_comeFromWhatTheModelDeclared_withUnits() {
    assertThat(catalogue.processMetrics().stream().map(ProcessMetric::name))
        .containsExactly("faults.minor", "faults.major", "rss", "rss.peak");
    assertThat(catalogue.processMetrics().get(2).unit()).isEqualTo(DisplayUnit.PAGES);
    assertThat(catalogue.gauges()).extracting(ProcessMetric::name).containsExactly("free");
  }

  @Test
  void displayUnits_showPagesInMibAndTimeInMs() {
    assertThat(DisplayUnit.PAGES.format(256, 4096)).isEqualTo("1 MiB");
    assertThat(DisplayUnit.PAGES.format(384, 4096)).isEqualTo("1.50 MiB");
    assertThat(DisplayUnit.NANOSECONDS.scale(2_500_000, 4096)).isEqualTo(2.5);
    assertThat(DisplayUnit.PERCENT.format(97.25, 4096)).isEqualTo("97.3%");
    assertThat(DisplayUnit.COUNT.format(Double.NaN, 4096)).isEqualTo("-");
  }
}

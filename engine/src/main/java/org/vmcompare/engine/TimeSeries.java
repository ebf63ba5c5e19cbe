package org.vmcompare.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Metrics;

/**
 * Samples taken every {@code sampling.interval} of simulated time: memory in use, the headline
 * counters (cumulative) and the model's gauges, as columns keyed by name, so results.json stays
 * compact.
 */
final class TimeSeries {
  static final List<String> COUNTERS =
      List.of(
          "faults.minor", "faults.major", "evictions", "swap.out", "swap.in", "discards", "kills");

  private final Map<String, List<Long>> columns = new LinkedHashMap<>();

  private final List<MetricSpec> gauges;

  TimeSeries(List<MetricSpec> gauges) {
    this.gauges = List.copyOf(gauges);
    columns.put("timeNs", new ArrayList<>());
    columns.put("memory.used.pages", new ArrayList<>());
    columns.put("processes.alive", new ArrayList<>());
    for (String c : COUNTERS) {
      columns.put(c, new ArrayList<>());
    }
    for (MetricSpec g : this.gauges) {
      if (columns.put(g.name(), new ArrayList<>()) != null) {
        throw new IllegalArgumentException(
            "gauge '" + g.name() + "' has the name of a column the engine samples");
      }
    }
  }

  void sample(long now, long usedPages, long alive, Metrics metrics) {
    columns.get("timeNs").add(now);
    columns.get("memory.used.pages").add(usedPages);
    columns.get("processes.alive").add(alive);
    for (String c : COUNTERS) {
      columns.get(c).add(metrics.get(c));
    }
    for (int i = 0; i < gauges.size(); i++) {
      columns.get(gauges.get(i).name()).add(metrics.readGauge(i));
    }
  }

  Map<String, List<Long>> columns() {
    Map<String, List<Long>> out = new LinkedHashMap<>();
    columns.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }
}

package org.vmcompare.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.metrics.Metrics;

/**
 * Samples taken every {@code sampling.interval} of simulated time: memory in use and free, the
 * headline counters (cumulative) and the model's gauges, as columns keyed by name, so results.json
 * stays compact.
 *
 * <p>Memory is bounded for long runs: past {@link #DEFAULT_MAX_ROWS} rows the series is halved,
 * every four rows becoming two that keep the first and last time, the first and last value of each
 * cumulative counter (exact at those times) and the lowest and highest value of each level column
 * (memory, processes, gauges) in the order they occurred. Later samples are gathered into buckets
 * of the same width. A chart of a long run therefore still shows every spike and every dip.
 */
final class TimeSeries {
  static final List<String> COUNTERS =
      List.of(
          "faults.minor", "faults.major", "evictions", "swap.out", "swap.in", "discards", "kills");

  /** Rows kept before halving: enough for a smooth chart, a few tens of KiB a column. */
  static final int DEFAULT_MAX_ROWS = 2048;

  private static final int TIME = 0;

  private final List<String> names = new ArrayList<>();
  private final boolean[] cumulative;
  private final List<MetricSpec> gauges;
  private final long frames;
  private final int maxRows;
  private final long[][] rows;
  private int size;

  /** Raw samples a bucket holds: 1 until the first halving, then 4, 8, 16, … */
  private int stride = 1;

  /** The raw rows of the bucket being filled (after the first halving). */
  private long[][] pending = new long[4][];

  private int pendingCount;

  TimeSeries(List<MetricSpec> gauges, long frames) {
    this(gauges, frames, DEFAULT_MAX_ROWS);
  }

  TimeSeries(List<MetricSpec> gauges, long frames, int maxRows) {
    if (maxRows < 4 || maxRows % 4 != 0) {
      throw new IllegalArgumentException(
          "maxRows must be a positive multiple of 4, got " + maxRows);
    }
    this.gauges = List.copyOf(gauges);
    this.frames = frames;
    this.maxRows = maxRows;
    names.addAll(List.of("timeNs", "memory.used.pages", "memory.free.pages", "processes.alive"));
    names.addAll(COUNTERS);
    for (MetricSpec g : this.gauges) {
      if (names.contains(g.name())) {
        throw new IllegalArgumentException(
            "gauge '" + g.name() + "' has the name of a column the engine samples");
      }
      names.add(g.name());
    }
    cumulative = new boolean[names.size()];
    for (int c = 0; c < names.size(); c++) {
      cumulative[c] = c == TIME || COUNTERS.contains(names.get(c));
    }
    rows = new long[names.size()][maxRows];
  }

  void sample(long now, long usedPages, long alive, Metrics metrics) {
    long[] row = new long[names.size()];
    int c = 0;
    row[c++] = now;
    row[c++] = usedPages;
    row[c++] = frames - usedPages;
    row[c++] = alive;
    for (String counter : COUNTERS) {
      row[c++] = metrics.get(counter);
    }
    for (int i = 0; i < gauges.size(); i++) {
      row[c++] = metrics.readGauge(i);
    }
    add(row);
  }

  private void add(long[] row) {
    if (stride == 1) {
      append(row);
    } else {
      pending[pendingCount++] = row;
      if (pendingCount == stride) {
        emit(pending, pendingCount);
        pendingCount = 0;
      }
    }
    if (size == maxRows) {
      halve();
    }
  }

  private void append(long[] row) {
    for (int c = 0; c < row.length; c++) {
      rows[c][size] = row[c];
    }
    size++;
  }

  /** Appends the one or two rows that stand for {@code n} consecutive raw rows. */
  private void emit(long[][] bucket, int n) {
    for (long[] row : summarise(bucket, n)) {
      append(row);
    }
  }

  /**
   * One row for a bucket of one; else two, at the bucket's first and last time: cumulative columns
   * take their first and last values, level columns their extremes in the order they occurred.
   */
  private long[][] summarise(long[][] bucket, int n) {
    if (n == 1) {
      return new long[][] {bucket[0]};
    }
    long[] first = new long[names.size()];
    long[] last = new long[names.size()];
    for (int c = 0; c < first.length; c++) {
      if (cumulative[c]) {
        first[c] = bucket[0][c];
        last[c] = bucket[n - 1][c];
      } else {
        int lo = 0;
        int hi = 0;
        for (int i = 1; i < n; i++) {
          lo = bucket[i][c] < bucket[lo][c] ? i : lo;
          hi = bucket[i][c] > bucket[hi][c] ? i : hi;
        }
        first[c] = bucket[Math.min(lo, hi)][c];
        last[c] = bucket[Math.max(lo, hi)][c];
      }
    }
    return new long[][] {first, last};
  }

  /** Every four rows become two; buckets double in width. */
  private void halve() {
    int old = size;
    long[][] group = new long[4][];
    size = 0;
    for (int start = 0; start < old; start += 4) {
      for (int i = 0; i < 4; i++) {
        group[i] = new long[names.size()];
        for (int c = 0; c < names.size(); c++) {
          group[i][c] = rows[c][start + i];
        }
      }
      emit(group, 4);
    }
    stride = stride == 1 ? 4 : stride * 2;
    if (pending.length < stride) {
      pending = new long[stride][];
    }
  }

  Map<String, List<Long>> columns() {
    long[][] tail = pendingCount == 0 ? new long[0][] : summarise(pending, pendingCount);
    Map<String, List<Long>> out = new LinkedHashMap<>();
    for (int c = 0; c < names.size(); c++) {
      List<Long> col = new ArrayList<>(size + tail.length);
      for (int i = 0; i < size; i++) {
        col.add(rows[c][i]);
      }
      for (long[] row : tail) {
        col.add(row[c]);
      }
      out.put(names.get(c), List.copyOf(col));
    }
    return out;
  }
}

package org.vmcompare.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The counters of one run, in a flat {@code long[]} indexed by id so incrementing on a fault path
 * costs an array store. The standard {@link Counter}s have ids equal to their ordinal; models
 * register theirs at boot, and display order is registration order.
 */
public final class Metrics {
  private String[] names = new String[64];
  private String[] descriptions = new String[64];
  private long[] values = new long[64];
  private int size;
  private final List<MetricSpec> gaugeSpecs = new ArrayList<>();
  private final List<LongSupplier> gaugeReaders = new ArrayList<>();

  public Metrics() {
    for (Counter c : Counter.values()) {
      register(c.key(), c.description());
    }
  }

  /** Registers a counter (or returns the id of one with this name). */
  public int register(String name, String description) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      descriptions = Arrays.copyOf(descriptions, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    descriptions[size] = description;
    return size++;
  }

  public void add(Counter c, long delta) {
    values[c.ordinal()] += delta;
  }

  public void increment(Counter c) {
    values[c.ordinal()]++;
  }

  public void add(int id, long delta) {
    values[id] += delta;
  }

  public void increment(int id) {
    values[id]++;
  }

  public void set(Counter c, long value) {
    values[c.ordinal()] = value;
  }

  public void set(int id, long value) {
    values[id] = value;
  }

  public long get(Counter c) {
    return values[c.ordinal()];
  }

  public long get(int id) {
    return values[id];
  }

  /** The value of a counter by name, or 0 if never registered. */
  public long get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return 0;
  }

  /** Every counter, in display order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      out.put(names[i], values[i]);
    }
    return out;
  }

  /**
   * Registers a gauge: a quantity that goes up and down (free memory, a list's length, a pressure
   * level), read by the engine at every sample of the run's time series, after the counters. A
   * model registers its gauges in {@code boot}, in the order they should be shown.
   */
  public void registerGauge(MetricSpec spec, LongSupplier read) {
    Objects.requireNonNull(spec, "spec is null");
    Objects.requireNonNull(read, "read is null");
    for (MetricSpec s : gaugeSpecs) {
      if (s.name().equals(spec.name())) {
        throw new IllegalArgumentException("gauge '" + spec.name() + "' registered twice");
      }
    }
    gaugeSpecs.add(spec);
    gaugeReaders.add(read);
  }

  /** The gauges registered, in display order. */
  public List<MetricSpec> gauges() {
    return List.copyOf(gaugeSpecs);
  }

  /** The current value of the {@code i}-th gauge. */
  public long readGauge(int i) {
    return gaugeReaders.get(i).getAsLong();
  }

  public String description(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equals(name)) {
        return descriptions[i];
      }
    }
    return null;
  }
}

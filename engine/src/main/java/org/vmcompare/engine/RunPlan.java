package org.vmcompare.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vmcompare.workload.SystemVariant;

/** One run to do: a system variant, a seed and a sweep point, at its place in the output order. */
public record RunPlan(
    int index, int pointIndex, SystemVariant variant, long seed, Map<String, String> point) {
  public RunPlan {
    point = Collections.unmodifiableMap(new LinkedHashMap<>(point));
  }
}

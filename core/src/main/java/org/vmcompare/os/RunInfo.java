package org.vmcompare.os;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Identity of one run: which system variant, with which options, on which seed and sweep point.
 *
 * @param system the registry name ("linux")
 * @param label the variant's display label ("linux swappiness=100")
 * @param seed the run's seed; every random choice derives from it
 * @param point the sweep point's key → value, empty without a sweep; kept in the sweep's order
 *     (results.json and the table print it in that order, so it must not depend on hashing)
 */
public record RunInfo(String system, String label, long seed, Map<String, String> point) {
  public RunInfo {
    Objects.requireNonNull(system, "system is null");
    Objects.requireNonNull(label, "label is null");
    point = Collections.unmodifiableMap(new LinkedHashMap<>(point));
  }
}

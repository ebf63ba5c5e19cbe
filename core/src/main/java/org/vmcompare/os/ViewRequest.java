package org.vmcompare.os;

import java.util.List;

/**
 * A request for native introspection views at a snapshot: {@code /proc/PID/maps}, RAMMap, {@code
 * vmmap PID}. A model answers with a map from view name to its text.
 */
public record ViewRequest(String snapshot, List<Proc> processes) {
  public ViewRequest {
    processes = List.copyOf(processes);
  }
}

package org.vmcompare.workload;

import org.vmcompare.yaml.YNode;

/**
 * One system variant: which OS model, a display label, and the model's options (kept as located
 * YAML so a bad option is reported at its line).
 */
public record SystemConfig(String os, String label, YNode options) {
  public SystemConfig {
    if (os == null || os.isBlank()) {
      throw new IllegalArgumentException("os: is required (see 'vmcompare list' for the systems)");
    }
  }

  /** {@code - linux} as shorthand for {@code - os: linux}. */
  public static SystemConfig parse(String os) {
    return new SystemConfig(os, null, null);
  }
}

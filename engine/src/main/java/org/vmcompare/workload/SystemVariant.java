package org.vmcompare.workload;

import java.util.Objects;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;

/** A system variant resolved against the registry: provider found, options validated, labelled. */
public record SystemVariant(
    String os, String label, SystemOptions options, OsModuleProvider provider) {
  public SystemVariant {
    Objects.requireNonNull(os, "os is null");
    Objects.requireNonNull(label, "label is null");
    Objects.requireNonNull(options, "options is null");
    Objects.requireNonNull(provider, "provider is null");
  }
}

package org.vmcompare.workload;

import java.util.Objects;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;

/**
 * A system variant resolved against the registry: provider found, options validated, labelled.
 *
 * @param skipped empty when the variant runs; otherwise why it does not (a step it cannot do, when
 *     the experiment was loaded to skip such systems rather than fail)
 */
public record SystemVariant(
    String os, String label, SystemOptions options, OsModuleProvider provider, String skipped) {
  public SystemVariant {
    Objects.requireNonNull(os, "os is null");
    Objects.requireNonNull(label, "label is null");
    Objects.requireNonNull(options, "options is null");
    Objects.requireNonNull(provider, "provider is null");
    skipped = skipped == null ? "" : skipped;
  }

  /** A variant that runs. */
  public SystemVariant(String os, String label, SystemOptions options, OsModuleProvider provider) {
    this(os, label, options, provider, "");
  }

  /** The same variant, marked as not run, with why. */
  public SystemVariant skip(String why) {
    return new SystemVariant(os, label, options, provider, why);
  }

  public boolean isSkipped() {
    return !skipped.isEmpty();
  }
}

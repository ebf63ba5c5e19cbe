package org.vmcompare.linux;

import jakarta.inject.Inject;
import java.util.Objects;
import org.vmcompare.os.UnimplementedPersonality;

/**
 * The Linux personality. Registered and wired with its options; every operation still answers "not
 * implemented yet" until it is built, never a fake result.
 */
public final class LinuxPersonality extends UnimplementedPersonality {
  private final LinuxOptions options;

  @Inject
  public LinuxPersonality(LinuxOptions options) {
    this.options = Objects.requireNonNull(options, "options is null");
  }

  @Override
  public String name() {
    return "linux";
  }

  /** The options this run was given, defaults filled in. */
  LinuxOptions options() {
    return options;
  }
}

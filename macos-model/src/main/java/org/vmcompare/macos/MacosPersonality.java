package org.vmcompare.macos;

import jakarta.inject.Inject;
import org.vmcompare.os.UnimplementedPersonality;

/**
 * The macOS personality. Registered and wired now so experiments can name it; every operation
 * answers "not implemented yet" until the model's own issue lands, never a fake result.
 */
public final class MacosPersonality extends UnimplementedPersonality {
  @Inject
  public MacosPersonality() {}

  @Override
  public String name() {
    return "macos";
  }
}

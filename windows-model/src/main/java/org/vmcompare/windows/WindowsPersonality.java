package org.vmcompare.windows;

import jakarta.inject.Inject;
import org.vmcompare.os.UnimplementedPersonality;

/**
 * The Windows personality. Registered and wired now so experiments can name it; every operation
 * answers "not implemented yet" until the model's own issue lands, never a fake result.
 */
public final class WindowsPersonality extends UnimplementedPersonality {
  @Inject
  public WindowsPersonality() {}

  @Override
  public String name() {
    return "windows";
  }
}

package org.vmcompare.linux;

import jakarta.inject.Inject;
import org.vmcompare.os.UnimplementedPersonality;

/**
 * The Linux personality. Registered and wired now so experiments can name it; every operation
 * answers "not implemented yet" until the model's own issue lands, never a fake result.
 */
public final class LinuxPersonality extends UnimplementedPersonality {
  @Inject
  public LinuxPersonality() {}

  @Override
  public String name() {
    return "linux";
  }
}

package org.vmcompare.linux;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import java.util.Objects;
import org.vmcompare.os.OsPersonality;

/** Binds the Linux personality and its options for one run. */
public final class LinuxModule extends AbstractModule {
  private final LinuxOptions options;

  public LinuxModule(LinuxOptions options) {
    this.options = Objects.requireNonNull(options, "options is null");
  }

  @Override
  protected void configure() {
    bind(LinuxOptions.class).toInstance(options);
    bind(OsPersonality.class).to(LinuxPersonality.class);
    bind(LinuxPersonality.class).in(Singleton.class);
  }
}

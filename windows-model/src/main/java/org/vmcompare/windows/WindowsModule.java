package org.vmcompare.windows;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import java.util.Objects;
import org.vmcompare.os.OsPersonality;

/** Binds the Windows personality and its options for one run. */
public final class WindowsModule extends AbstractModule {
  private final WindowsOptions options;

  public WindowsModule(WindowsOptions options) {
    this.options = Objects.requireNonNull(options, "options is null");
  }

  @Override
  protected void configure() {
    bind(WindowsOptions.class).toInstance(options);
    bind(OsPersonality.class).to(WindowsPersonality.class);
    bind(WindowsPersonality.class).in(Singleton.class);
  }
}

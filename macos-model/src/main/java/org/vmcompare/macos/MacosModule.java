package org.vmcompare.macos;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import java.util.Objects;
import org.vmcompare.os.OsPersonality;

/** Binds the macOS personality and its options for one run. */
public final class MacosModule extends AbstractModule {
  private final MacosOptions options;

  public MacosModule(MacosOptions options) {
    this.options = Objects.requireNonNull(options, "options is null");
  }

  @Override
  protected void configure() {
    bind(MacosOptions.class).toInstance(options);
    bind(OsPersonality.class).to(MacosPersonality.class);
    bind(MacosPersonality.class).in(Singleton.class);
  }
}

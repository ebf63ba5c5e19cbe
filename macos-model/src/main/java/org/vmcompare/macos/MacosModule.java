package org.vmcompare.macos;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.vmcompare.os.OsPersonality;

/** Binds the macOS personality for one run. */
public final class MacosModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(OsPersonality.class).to(MacosPersonality.class);
    bind(MacosPersonality.class).in(Singleton.class);
  }
}

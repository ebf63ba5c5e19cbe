package org.vmcompare.windows;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.vmcompare.os.OsPersonality;

/** Binds the Windows personality for one run. */
public final class WindowsModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(OsPersonality.class).to(WindowsPersonality.class);
    bind(WindowsPersonality.class).in(Singleton.class);
  }
}

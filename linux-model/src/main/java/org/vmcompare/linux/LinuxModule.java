package org.vmcompare.linux;

import com.google.inject.AbstractModule;
import com.google.inject.Singleton;
import org.vmcompare.os.OsPersonality;

/** Binds the Linux personality for one run. */
public final class LinuxModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(OsPersonality.class).to(LinuxPersonality.class);
    bind(LinuxPersonality.class).in(Singleton.class);
  }
}

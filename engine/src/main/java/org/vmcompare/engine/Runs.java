package org.vmcompare.engine;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import java.util.List;

/**
 * Builds the strict per-run injector: explicit bindings only, no circular proxies, production stage
 * (singletons built eagerly, so wiring errors surface before the run starts).
 */
public final class Runs {
  private Runs() {}

  public static Injector injector(Module... modules) {
    List<Module> all = List.of(modules);
    try {
      return Guice.createInjector(
          Stage.PRODUCTION,
          new AbstractModule() {
            @Override
            protected void configure() {
              binder().requireExplicitBindings();
              binder().disableCircularProxies();
              binder().requireAtInjectOnConstructors();
              for (Module m : all) {
                install(m);
              }
            }
          });
    } catch (CreationException e) {
      throw new IllegalStateException("wiring a run failed: " + e.getMessage(), e);
    }
  }
}

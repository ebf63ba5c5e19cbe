package org.vmcompare.engine;

import com.google.inject.Module;
import java.util.List;
import java.util.Optional;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;

/**
 * The toy personality as ServiceLoader finds it on this module's test class path, so experiments in
 * the engine's tests can write {@code systems: [toy]} and the per-process options the toy declares
 * are known to the loader and the schema, as a model jar's would be.
 */
public final class ToyModuleProvider implements OsModuleProvider {
  private final OsModuleProvider toy = ToyPersonality.provider();

  @Override
  public String name() {
    return toy.name();
  }

  @Override
  public String description() {
    return toy.description();
  }

  @Override
  public List<OptionSpec> options() {
    return toy.options();
  }

  @Override
  public List<OptionSpec> processOptions() {
    return toy.processOptions();
  }

  @Override
  public Module module(SystemOptions options) {
    return toy.module(options);
  }

  @Override
  public Optional<String> whyUnsupported(OpKind op) {
    return toy.whyUnsupported(op);
  }

  @Override
  public Optional<String> whyUnsupportedNative(String call) {
    return toy.whyUnsupportedNative(call);
  }
}

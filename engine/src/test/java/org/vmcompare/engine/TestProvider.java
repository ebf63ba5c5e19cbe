package org.vmcompare.engine;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsPersonality;
import org.vmcompare.os.SystemOptions;

/** Registers a hand-written test personality with the engine, without ServiceLoader. */
final class TestProvider implements OsModuleProvider {
  private final String name;
  private final Class<? extends OsPersonality> type;
  private final Set<OpKind> supported;
  private final List<OptionSpec> processOptions;

  TestProvider(String name, Class<? extends OsPersonality> type, Set<OpKind> supported) {
    this(name, type, supported, List.of());
  }

  TestProvider(
      String name,
      Class<? extends OsPersonality> type,
      Set<OpKind> supported,
      List<OptionSpec> processOptions) {
    this.name = name;
    this.type = type;
    this.supported = Set.copyOf(supported);
    this.processOptions = List.copyOf(processOptions);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    return "test personality";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public List<OptionSpec> processOptions() {
    return processOptions;
  }

  @Override
  public Module module(SystemOptions options) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        bind(OsPersonality.class).to(type);
        bind(type).in(Singleton.class);
      }
    };
  }

  @Override
  public Optional<String> whyUnsupported(OpKind op) {
    return supported.isEmpty() || supported.contains(op)
        ? Optional.empty()
        : Optional.of("unsupported on " + name + ": " + op);
  }
}

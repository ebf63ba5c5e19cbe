package org.vmcompare.macos;

import com.google.inject.Module;
import java.util.List;
import java.util.Optional;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.os.UnimplementedPersonality;

/** Registers the macOS model with the registry through ServiceLoader. */
public final class MacosModuleProvider implements OsModuleProvider {
  @Override
  public String name() {
    return "macos";
  }

  @Override
  public String description() {
    return "macOS: VM objects with shadow chains, compressor, purgeable memory, jetsam (not implemented yet)";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public Module module(SystemOptions options) {
    return new MacosModule();
  }

  @Override
  public Optional<String> whyUnsupported(OpKind op) {
    return UnimplementedPersonality.whyUnsupported(name(), op.yamlName());
  }

  @Override
  public Optional<String> whyUnsupportedNative(String call) {
    return UnimplementedPersonality.whyUnsupported(name(), "native " + name() + "." + call);
  }
}

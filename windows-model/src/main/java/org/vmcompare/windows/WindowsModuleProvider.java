package org.vmcompare.windows;

import com.google.inject.Module;
import java.util.List;
import java.util.Optional;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.os.UnimplementedPersonality;

/** Registers the Windows model with the registry through ServiceLoader. */
public final class WindowsModuleProvider implements OsModuleProvider {
  @Override
  public String name() {
    return "windows";
  }

  @Override
  public String description() {
    return "Windows: working sets, page lists, prototype PTEs, commit limit (not implemented yet)";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public Module module(SystemOptions options) {
    return new WindowsModule();
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

package org.vmcompare.linux;

import com.google.inject.Module;
import java.util.List;
import java.util.Optional;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.os.UnimplementedPersonality;

/** Registers the Linux model with the registry through ServiceLoader. */
public final class LinuxModuleProvider implements OsModuleProvider {
  @Override
  public String name() {
    return "linux";
  }

  @Override
  public String description() {
    return "Linux: LRU/2 lists, watermarks and kswapd, page cache, overcommit, OOM killer (not implemented yet)";
  }

  @Override
  public List<OptionSpec> options() {
    return List.of();
  }

  @Override
  public Module module(SystemOptions options) {
    return new LinuxModule();
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

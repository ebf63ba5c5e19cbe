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
  private static final List<OptionSpec> PROCESS_OPTIONS =
      List.of(
          OptionSpec.integer(
              "nice", 0, -20, 19, "scheduling niceness: -20 favoured most, 19 least"),
          OptionSpec.integer(
              "oomScoreAdj",
              0,
              -1000,
              1000,
              "oom_score_adj: added to the OOM killer's badness in thousandths of RAM + swap;"
                  + " -1000 is never killed"));

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

  /** nice and oom_score_adj, with the kernel's ranges and defaults (SEMANTICS.md, Linux). */
  @Override
  public List<OptionSpec> processOptions() {
    return PROCESS_OPTIONS;
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

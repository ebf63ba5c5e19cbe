package org.vmcompare.macos;

import com.google.inject.Module;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.os.UnimplementedPersonality;

/** Registers the macOS model with the registry through ServiceLoader. */
public final class MacosModuleProvider implements OsModuleProvider {
  private static final List<OptionSpec> PROCESS_OPTIONS =
      List.of(
          OptionSpec.integer(
                  "jetsamBand",
                  100,
                  0,
                  210,
                  "jetsam priority band: on iOS (no swap) jetsam kills from the lowest band up")
              .withNames(
                  Map.of(
                      "idle", 0L,
                      "aging", 10L,
                      "background", 30L,
                      "mail", 40L,
                      "freezer", 75L,
                      "foreground", 100L,
                      "home", 160L,
                      "important", 180L,
                      "critical", 190L)));

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

  /** The jetsam band, by number or by the name xnu gives it (SEMANTICS.md, macOS). */
  @Override
  public List<OptionSpec> processOptions() {
    return PROCESS_OPTIONS;
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

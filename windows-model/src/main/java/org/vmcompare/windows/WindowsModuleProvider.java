package org.vmcompare.windows;

import com.google.inject.Module;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.ProcessOptions;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.os.UnimplementedPersonality;

/** Registers the Windows model with the registry through ServiceLoader. */
public final class WindowsModuleProvider implements OsModuleProvider {
  private static final String WS_MIN = "workingSetMin";
  private static final String WS_MAX = "workingSetMax";

  private static final List<OptionSpec> PROCESS_OPTIONS =
      List.of(
          OptionSpec.integer(
              "memoryPriority",
              5,
              1,
              5,
              "memory priority of the process's pages: 1 very low, 2 low, 3 medium,"
                  + " 4 below normal, 5 normal; low-priority standby pages go first"),
          OptionSpec.size(
              WS_MIN, "50pages", "working-set minimum: trimming never takes the process below it"),
          OptionSpec.size(
              WS_MAX,
              "345pages",
              "working-set maximum, at least the minimum: a soft limit while memory is"
                  + " plentiful"));

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

  /** Memory priority and the working-set limits, with Windows' defaults (SEMANTICS.md). */
  @Override
  public List<OptionSpec> processOptions() {
    return PROCESS_OPTIONS;
  }

  /** The specs' checks, then that the working-set maximum is not below the minimum. */
  @Override
  public ProcessOptions validateProcessOptions(Map<String, String> given, long pageSize) {
    ProcessOptions options = OsModuleProvider.super.validateProcessOptions(given, pageSize);
    if (options.pages(WS_MAX) < options.pages(WS_MIN)) {
      boolean maxGiven = options.isGiven(WS_MAX);
      throw new IllegalArgumentException(
          (maxGiven ? WS_MAX : WS_MIN)
              + ": the working-set maximum ("
              + options.string(WS_MAX)
              + (maxGiven ? "" : ", the default")
              + ") is below the minimum ("
              + options.string(WS_MIN)
              + "); give "
              + WS_MAX
              + " at least "
              + WS_MIN);
    }
    return options;
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

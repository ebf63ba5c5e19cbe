package org.vmcompare.linux;

import com.google.inject.Module;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vmcompare.os.CheckNative;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;

/**
 * Registers the Linux model with the registry through ServiceLoader, and says before any run which
 * steps the model has built: every other one answers "not implemented yet on linux", never a fake
 * result.
 */
public final class LinuxModuleProvider implements OsModuleProvider {
  /** The portable operations the model implements today. */
  static final Set<OpKind> SUPPORTED =
      EnumSet.of(
          OpKind.ALLOCATE,
          OpKind.EXIT,
          OpKind.RELEASE,
          OpKind.UNMAP,
          OpKind.PROTECT,
          OpKind.NATIVE,
          OpKind.MAP_FILE,
          OpKind.READ_FILE,
          OpKind.WRITE_FILE,
          OpKind.DROP_CACHES,
          OpKind.FORK,
          OpKind.COMMIT,
          OpKind.OFFER,
          OpKind.RECLAIM,
          OpKind.SHARE);

  /** The native calls the model implements today. */
  static final Set<String> NATIVE_CALLS = Set.of("madvise");

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
    return "Linux: LRU/2 lists, watermarks and kswapd, page cache, overcommit, OOM killer";
  }

  @Override
  public List<OptionSpec> options() {
    return LinuxOptions.SPECS;
  }

  /** nice and oom_score_adj, with the kernel's ranges and defaults (SEMANTICS.md, Linux). */
  @Override
  public List<OptionSpec> processOptions() {
    return PROCESS_OPTIONS;
  }

  @Override
  public List<FaultInjection.Spec> faultInjections() {
    return LinuxFaults.SPECS;
  }

  @Override
  public Module module(SystemOptions options) {
    return new LinuxModule(LinuxOptions.from(options));
  }

  @Override
  public Optional<String> whyUnsupported(OpKind op) {
    return SUPPORTED.contains(op)
        ? Optional.empty()
        : Optional.of("not implemented yet on linux: " + op);
  }

  @Override
  public Optional<String> whyBadNativeArgs(String call, Map<String, Object> args) {
    if (!call.equals("madvise") || !(args.get("advice") instanceof String advice)) {
      return Optional.empty(); // a missing advice is reported at run time, naming args.advice
    }
    return Madvise.ADVICE.contains(advice.toUpperCase(Locale.ROOT))
        ? Optional.empty()
        : Optional.of("args.advice: advice " + advice + " is not implemented yet on linux");
  }

  /**
   * madvise DONTNEED, FREE and PAGEOUT on a range of any mapping. Not HUGEPAGE and NOHUGEPAGE: the
   * model refuses them on file and shared mappings (its transparent huge pages are anonymous only),
   * and the generator does not tell mappings apart.
   */
  @Override
  public List<CheckNative> checkNatives() {
    return List.of(
        CheckNative.ranged(
            "madvise",
            List.of(
                Map.of("advice", "MADV_DONTNEED"),
                Map.of("advice", "MADV_FREE"),
                Map.of("advice", "MADV_PAGEOUT"))));
  }

  @Override
  public Optional<String> whyUnsupportedNative(String call) {
    return NATIVE_CALLS.contains(call)
        ? Optional.empty()
        : Optional.of("not implemented yet on linux: native linux." + call);
  }
}

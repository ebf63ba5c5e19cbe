package org.vmcompare.windows;

import com.google.inject.Module;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vmcompare.os.CheckNative;
import org.vmcompare.os.FaultInjection;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.ProcessOptions;
import org.vmcompare.os.SystemOptions;

/** Registers the Windows model with the registry through ServiceLoader. */
public final class WindowsModuleProvider implements OsModuleProvider {
  /** The portable operations the model implements today. */
  static final Set<OpKind> SUPPORTED =
      EnumSet.of(
          OpKind.ALLOCATE,
          OpKind.COMMIT,
          OpKind.MAP_FILE,
          OpKind.SHARE,
          OpKind.FORK,
          OpKind.EXIT,
          OpKind.RELEASE,
          OpKind.UNMAP,
          OpKind.PROTECT,
          OpKind.OFFER,
          OpKind.RECLAIM,
          OpKind.DROP_CACHES,
          OpKind.READ_FILE,
          OpKind.WRITE_FILE,
          OpKind.NATIVE);

  /** Planted for the check's tests: a trimmed page's frame reaches no list. */
  static final String LOSE_TRIMMED_PAGE = "lose-trimmed-page";

  /** Planted for the check's tests: a repurposed Standby page forgets its pagefile copy. */
  static final String REPURPOSE_WITHOUT_COPY = "repurpose-without-copy";

  /** Planted for the check's tests: an offered page goes to Modified and is written. */
  static final String OFFER_WRITES_PAGEFILE = "offer-writes-pagefile";

  /** Planted for the check's tests: a reclaim reports its lost pages as survivors. */
  static final String RECLAIM_KEEPS_LOST_PAGE = "reclaim-keeps-lost-page";

  /** native: {os: windows, call: EmptyWorkingSet}. */
  static final String EMPTY_WORKING_SET = "EmptyWorkingSet";

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
                  + " plentiful"),
          OptionSpec.oneOf(
              "hardWorkingSetMax",
              "false",
              List.of("false", "true"),
              "QUOTA_LIMITS_HARDWS_MAX_ENABLE: the maximum is hard, a page past it always"
                  + " replaces one of the process's own"),
          OptionSpec.oneOf(
              "hardWorkingSetMin",
              "false",
              List.of("false", "true"),
              "QUOTA_LIMITS_HARDWS_MIN_ENABLE: the minimum is hard, not even a fault that finds"
                  + " no page trims the process below it"),
          OptionSpec.oneOf(
              "foreground",
              "false",
              List.of("false", "true"),
              "the foreground process: trim pass 0 takes a eighth of its claim (not half), and"
                  + " it is trimmed after every background process"));

  @Override
  public String name() {
    return "windows";
  }

  @Override
  public String description() {
    return "Windows: working sets and the balance set manager, page lists, commit limit and"
        + " pagefile, mapped files and images, sections and clones, Offer/Reclaim, the system file cache";
  }

  @Override
  public List<OptionSpec> options() {
    return WindowsOptions.SPECS;
  }

  /** Memory priority and the working-set limits, with Windows' defaults (SEMANTICS.md). */
  @Override
  public List<OptionSpec> processOptions() {
    return PROCESS_OPTIONS;
  }

  /**
   * A hard working-set minimum stays off in the check: with the pagefile full it can hold the only
   * pages that could be freed, and the run then ends as Windows stops (NO_PAGES_AVAILABLE), by the
   * experiment's choice (WorkingSetLimitsTest replays the case the check found).
   */
  @Override
  public Set<String> checkFixedProcessOptions() {
    return Set.of("hardWorkingSetMin");
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
  public List<FaultInjection.Spec> faultInjections() {
    return List.of(
        new FaultInjection.Spec(
            LOSE_TRIMMED_PAGE,
            "frame conservation: a trimmed page's frame reaches no list (the audit, or a clean"
                + " run when the lost frames starve a fault first)"),
        new FaultInjection.Spec(
            REPURPOSE_WITHOUT_COPY,
            "data integrity: a repurposed Standby page reads zero instead of its pagefile copy"),
        new FaultInjection.Spec(
            OFFER_WRITES_PAGEFILE,
            "frame conservation: an offered page goes to the Modified list and is written to the"
                + " pagefile (the audit)"),
        new FaultInjection.Spec(
            RECLAIM_KEEPS_LOST_PAGE,
            "data integrity: a reclaim answers ERROR_SUCCESS although offered pages were"
                + " repurposed, and they read zero"));
  }

  @Override
  public Module module(SystemOptions options) {
    return new WindowsModule(WindowsOptions.from(options));
  }

  @Override
  public Optional<String> whyUnsupported(OpKind op) {
    return SUPPORTED.contains(op)
        ? Optional.empty()
        : Optional.of("unsupported on windows: " + op + " (not modelled)");
  }

  /** EmptyWorkingSet, which trims the whole working set and changes no data. */
  @Override
  public List<CheckNative> checkNatives() {
    return List.of(new CheckNative(EMPTY_WORKING_SET, List.of(Map.of()), false, null, false));
  }

  @Override
  public Optional<String> whyUnsupportedNative(String call) {
    return call.equals(EMPTY_WORKING_SET)
        ? Optional.empty()
        : Optional.of(
            "unsupported on windows: native windows."
                + call
                + " (the model's native call is "
                + EMPTY_WORKING_SET
                + ")");
  }
}

package org.vmcompare.macos;

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
import org.vmcompare.os.UnimplementedPersonality;
import org.vmcompare.vm.Protection;

/**
 * Registers the macOS model with the registry through ServiceLoader. The operations issue 10 has
 * built so far (VM objects, fork, share modes, purgeable control as offer and reclaim) are
 * supported; every other one answers "not implemented yet" before any run starts, never a fake
 * result.
 */
public final class MacosModuleProvider implements OsModuleProvider {
  /** The portable operations the model implements today. */
  static final Set<OpKind> SUPPORTED =
      EnumSet.of(
          OpKind.ALLOCATE,
          OpKind.SHARE,
          OpKind.MAP_FILE,
          OpKind.FORK,
          OpKind.EXIT,
          OpKind.UNMAP,
          OpKind.PROTECT,
          OpKind.RELEASE,
          OpKind.OFFER,
          OpKind.RECLAIM,
          OpKind.COMMIT,
          OpKind.READ_FILE,
          OpKind.WRITE_FILE,
          OpKind.DROP_CACHES,
          OpKind.NATIVE);

  /** native: {os: macos, call: mach_vm_protect, args: {region, offset, size, protection}}. */
  static final String MACH_VM_PROTECT = "mach_vm_protect";

  /** Planted for the check: a decompressed page reads zero instead of its data. */
  static final String DECOMPRESS_TO_ZERO = "decompress-to-zero";

  /** Planted for the check: a copy-on-write fault writes the shared backing page, no copy. */
  static final String COW_WRITES_BACKING_PAGE = "cow-writes-backing-page";

  /** native: {os: macos, call: madvise, args: {region, offset, size, advice}}: REUSABLE, REUSE. */
  static final String MADVISE = "madvise";

  /** native: {os: macos, call: msync, args: {region, offset, size, flags}}: MS_SYNC, MS_ASYNC. */
  static final String MSYNC = "msync";

  /** The process option naming its jetsam band. */
  static final String JETSAM_BAND = "jetsamBand";

  /** The process option saying it opted in to idle (sudden) termination. */
  static final String IDLE_EXIT = "idleExit";

  private static final List<OptionSpec> PROCESS_OPTIONS =
      List.of(
          OptionSpec.integer(
                  JETSAM_BAND,
                  100,
                  0,
                  210,
                  "jetsam priority band: on iOS (no swap) jetsam kills from the lowest band up; on"
                      + " desktop, band 0 goes first when paging space runs out")
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
                      "critical", 190L)),
          OptionSpec.oneOf(
              IDLE_EXIT,
              "false",
              List.of("true", "false"),
              "opted in to idle exit: on desktop macOS, asked to exit while it sleeps and memory"
                  + " pressure is above normal"));

  @Override
  public String name() {
    return "macos";
  }

  @Override
  public String description() {
    return "macOS: Mach VM objects with shadow chains, symmetric copy-on-write fork, vmmap share"
        + " modes, page queues, the compressor and swapfiles, purgeable memory, memory pressure, idle exit, jetsam on platform: ios";
  }

  @Override
  public List<OptionSpec> options() {
    return MacosOptions.SPECS;
  }

  /**
   * The jetsam band, by number or by the name xnu gives it (SEMANTICS.md, macOS), and the idle-exit
   * opt-in.
   */
  @Override
  public List<OptionSpec> processOptions() {
    return PROCESS_OPTIONS;
  }

  @Override
  public Module module(SystemOptions options) {
    return new MacosModule(MacosOptions.from(options));
  }

  @Override
  public Optional<String> whyUnsupported(OpKind op) {
    return SUPPORTED.contains(op)
        ? Optional.empty()
        : UnimplementedPersonality.whyUnsupported(name(), op.yamlName());
  }

  /**
   * The check fills memory on purpose, often without swap, where a release kernel shows the "out of
   * application memory" dialog when no task holds more than half the compressed pages and none is
   * idle: nobody would answer it, and the task would hang there until the run ends with the rest of
   * its steps unchecked, so the check runs with the boot-arg that kills instead. Its tiny machines
   * (32 to 512 pages) are far below the size from which XNU's free_min caps apply, so the
   * thresholds are scaled, as they are by default.
   */
  @Override
  public Map<String, String> checkOptions() {
    return Map.of("killOnNoPagingSpace", "true", "scaleToMachine", "true");
  }

  @Override
  public List<FaultInjection.Spec> faultInjections() {
    return List.of(
        new FaultInjection.Spec(
            DECOMPRESS_TO_ZERO,
            "data integrity: a page decompressed at its fault reads zero instead of its data"),
        new FaultInjection.Spec(
            COW_WRITES_BACKING_PAGE,
            "data integrity: a write after fork lands in the backing object's page, which the"
                + " other task still maps, instead of a copy"));
  }

  /**
   * madvise's advice is one the model has (Reusable.madvise answers the same at run time); msync's
   * flags are given, each one the model has, and not MS_ASYNC with MS_SYNC (MsyncFlags; Msync.call
   * answers the same at run time). A region or range that does not fit is found when the step runs.
   */
  @Override
  public Optional<String> whyBadNativeArgs(String call, Map<String, Object> args) {
    if (call.equals(MSYNC)) {
      return Optional.ofNullable(MsyncFlags.whyBad(args.get("flags")));
    }
    if (!call.equals(MADVISE) || !(args.get("advice") instanceof String advice)) {
      return Optional.empty(); // a missing advice is reported at run time, naming args.advice
    }
    return ADVICE.contains(advice.toUpperCase(Locale.ROOT))
        ? Optional.empty()
        : Optional.of(
            "args.advice: "
                + advice
                + " is not one the model has ("
                + String.join(", ", ADVICE)
                + ")");
  }

  /** The madvise advice the model has. */
  static final List<String> ADVICE = List.of("MADV_FREE_REUSABLE", "MADV_FREE_REUSE");

  /**
   * mach_vm_protect setting a range to the protection its mapping has (it clips the entry, as a
   * partial mprotect does, without changing what may be written; later steps act on the first
   * part), madvise REUSABLE and REUSE, and msync with each of its flag sets.
   */
  @Override
  public List<CheckNative> checkNatives() {
    return List.of(
        new CheckNative(
            MACH_VM_PROTECT,
            List.of(Map.of("protection", "rw")),
            true,
            Protection.READ_WRITE,
            true),
        new CheckNative(
            MACH_VM_PROTECT, List.of(Map.of("protection", "r")), true, Protection.READ, true),
        CheckNative.ranged(
            MADVISE,
            List.of(Map.of("advice", "MADV_FREE_REUSABLE"), Map.of("advice", "MADV_FREE_REUSE"))),
        CheckNative.ranged(
            MSYNC,
            List.of(
                Map.of("flags", "MS_SYNC"),
                Map.of("flags", "MS_ASYNC"),
                Map.of("flags", "MS_SYNC | MS_INVALIDATE"),
                Map.of("flags", "MS_ASYNC | MS_INVALIDATE"))));
  }

  @Override
  public Optional<String> whyUnsupportedNative(String call) {
    return call.equals(MACH_VM_PROTECT) || call.equals(MADVISE) || call.equals(MSYNC)
        ? Optional.empty()
        : UnimplementedPersonality.whyUnsupported(name(), "native " + name() + "." + call);
  }
}

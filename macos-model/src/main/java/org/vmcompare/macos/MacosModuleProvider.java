package org.vmcompare.macos;

import com.google.inject.Module;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.vmcompare.os.OpKind;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.SystemOptions;
import org.vmcompare.os.UnimplementedPersonality;

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
          OpKind.NATIVE);

  /** native: {os: macos, call: mach_vm_protect, args: {region, offset, size, protection}}. */
  static final String MACH_VM_PROTECT = "mach_vm_protect";

  /** native: {os: macos, call: madvise, args: {region, offset, size, advice}}: REUSABLE, REUSE. */
  static final String MADVISE = "madvise";

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
   * The check's experiments fill memory on purpose without swap, where macOS can only ask the user;
   * and its tiny machines sit below XNU's real free_min when the thresholds are not scaled.
   */
  @Override
  public Optional<String> whyNotCheckable() {
    return Optional.of(
        "the check's experiments fill memory on purpose on machines without swap, where desktop"
            + " macOS, when no task holds more than half the compressed pages, shows the \"out of"
            + " application memory\" dialog, which the model cannot answer (tried with the check"
            + " enabled: its 65th try ends so); and with scaleToMachine: false its tiny machines"
            + " are below XNU's free_min, so pages are reclaimed with half of memory free; the"
            + " scenarios under configs/scenarios/macos are its tests for now");
  }

  @Override
  public Optional<String> whyUnsupportedNative(String call) {
    return call.equals(MACH_VM_PROTECT) || call.equals(MADVISE)
        ? Optional.empty()
        : UnimplementedPersonality.whyUnsupported(name(), "native " + name() + "." + call);
  }
}

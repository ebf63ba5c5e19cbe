package org.vmcompare.os;

import com.google.inject.Module;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How a personality jar announces itself: found through {@link java.util.ServiceLoader}, so a new
 * OS model is a new jar with a {@code META-INF/services/org.vmcompare.os.OsModuleProvider} line,
 * not an edit to the CLI.
 */
public interface OsModuleProvider {
  /** Registry name, lower case: what experiments write in {@code systems[].os}. */
  String name();

  /** One line for {@code vmcompare list}. */
  String description();

  /** Every option the system accepts, in display order, with defaults. */
  List<OptionSpec> options();

  /**
   * Every option a process takes on this system, written on the process in an experiment ({@code
   * oomScoreAdj: -1000} under {@code - name: app}), in display order, with defaults. These are the
   * OS's per-process knobs (a nice value, working-set limits, a jetsam band): core carries them on
   * {@link Proc#options()} and only this model reads them. Default: none.
   */
  default List<OptionSpec> processOptions() {
    return List.of();
  }

  /**
   * Checks the per-process options one process gives (keys of {@link #processOptions()} only; a run
   * ignores the keys other systems declare) and fills in the defaults. A model overrides it to
   * check keys against each other, calling this first. Throws IllegalArgumentException whose
   * message starts with the offending key ({@code "workingSetMax: ..."}), so the loader reports it
   * at that key's line, whether or not the experiment lists this system.
   */
  default ProcessOptions validateProcessOptions(Map<String, String> given, long pageSize) {
    return ProcessOptions.of(name(), processOptions(), given, pageSize);
  }

  /**
   * The Guice module for one run: binds {@link OsPersonality} (and the model's options record)
   * using the validated options. Throws IllegalArgumentException naming the key on a bad value.
   */
  Module module(SystemOptions options);

  /**
   * Why this system cannot run a portable operation ("unsupported on windows: fork"), or empty when
   * it can. The loader asks before running so an experiment fails early, at the step's line.
   */
  default Optional<String> whyUnsupported(OpKind op) {
    return Optional.empty();
  }

  /**
   * Why {@code vmcompare check} cannot test this system yet, or empty when it can. The check's
   * random experiments put memory under pressure on purpose, so a model that runs experiments but
   * has no reclaim yet says so here, and the check leaves it out rather than report its missing
   * part as a broken run.
   */
  default Optional<String> whyNotCheckable() {
    return Optional.empty();
  }

  /**
   * System option values every experiment of {@code vmcompare check} runs this system with, and
   * that the check does not vary: where the OS would wait for a person (macOS's "out of application
   * memory" dialog), the check cannot stand in for one, so it takes the OS's own switch that acts
   * without asking. Empty by default: every option may vary.
   */
  default Map<String, String> checkOptions() {
    return Map.of();
  }

  /**
   * Process options {@code vmcompare check} leaves at their defaults: those whose other values can
   * end a run as the real OS would stop, by the experiment's own choice (Windows' hard working-set
   * minimum can pin the only pages that could be freed, and Windows then stops with a bugcheck),
   * which a random experiment cannot know to avoid. Empty by default: every option may vary.
   */
  default Set<String> checkFixedProcessOptions() {
    return Set.of();
  }

  /**
   * What is wrong with the arguments of a native call this system supports, as {@code "args.KEY:
   * problem"}, or empty when they can be judged only at run time or are fine. The loader asks so a
   * misspelt advice fails at the step's line before anything runs, as any other bad input does.
   */
  default Optional<String> whyBadNativeArgs(String call, Map<String, Object> args) {
    return Optional.empty();
  }

  /**
   * Why this system cannot make the OS-specific call {@code call} (a {@code native} step for this
   * system), or empty when it can. By default a system offers no native calls.
   */
  /**
   * The native calls {@code vmcompare check} may make up for this system (none by default). Each
   * must be valid wherever the generator puts it, and its effect on the data must be what the
   * personality's {@link OsPersonality#nativeEffect} says.
   */
  default List<CheckNative> checkNatives() {
    return List.of();
  }

  default Optional<String> whyUnsupportedNative(String call) {
    return Optional.of(
        "unsupported on "
            + name()
            + ": native "
            + name()
            + "."
            + call
            + " (it has no native calls)");
  }

  /** A fast policy-only trace replayer, when the model offers one (the textbook baseline does). */
  default Optional<TraceReplayer> traceReplayer() {
    return Optional.empty();
  }

  /**
   * The trace replayer with test-only bugs planted ({@link #faultInjections()}), for the check
   * engine's proof that it catches a wrong policy; by default the replayer plants none.
   */
  default Optional<TraceReplayer> traceReplayer(FaultInjection faults) {
    return traceReplayer();
  }

  /**
   * The test-only faults this model can plant in itself ({@link FaultInjection}), for the check
   * engine's proof that it catches each one. Default: none.
   */
  default List<FaultInjection.Spec> faultInjections() {
    return List.of();
  }

  /** Validates options without building anything (for {@code vmcompare validate}). */
  default void validate(SystemOptions options) {
    module(options);
  }
}

package org.vmcompare.macos;

import java.util.List;
import java.util.Locale;

/**
 * The flags of a native {@code msync}, as msync_nocancel (bsd/kern/kern_mman.c) reads them: without
 * MS_ASYNC the call is VM_SYNC_SYNCHRONOUS, MS_INVALIDATE adds VM_SYNC_INVALIDATE, and MS_ASYNC
 * with MS_SYNC is EINVAL ("disallow contradictory flags"). Written as C does ({@code MS_SYNC |
 * MS_INVALIDATE}) or as a YAML list. The loader asks {@link #whyBad} before the run (through
 * MacosModuleProvider.whyBadNativeArgs), so a wrong flag fails at the step's line.
 *
 * @param sync VM_SYNC_SYNCHRONOUS: the caller waits for the writes (else ASYNCHRONOUS)
 * @param invalidate VM_SYNC_INVALIDATE: the range's pages are freed too
 */
record MsyncFlags(boolean sync, boolean invalidate) {
  /** The flags the model has; XNU also has MS_KILLPAGES and MS_DEACTIVATE. */
  static final List<String> NAMES = List.of("MS_ASYNC", "MS_SYNC", "MS_INVALIDATE");

  /**
   * What is wrong with {@code flags} as {@code "args.flags: why"}, or null: given, each one the
   * model has, not MS_ASYNC with MS_SYNC.
   */
  static String whyBad(Object flags) {
    if (flags == null) {
      return "args.flags: required (MS_ASYNC or MS_SYNC, and MS_INVALIDATE if wanted)";
    }
    List<String> names = names(flags);
    for (String name : names) {
      if (!NAMES.contains(name)) {
        return "args.flags: "
            + (name.isEmpty() ? "an empty flag" : name)
            + " is not one the model has ("
            + String.join(", ", NAMES)
            + ")";
      }
    }
    if (names.contains("MS_ASYNC") && names.contains("MS_SYNC")) {
      return "args.flags: MS_ASYNC and MS_SYNC together contradict each other (msync(2) answers"
          + " EINVAL)";
    }
    return null;
  }

  /** The flags named, already checked by {@link #whyBad}. */
  static MsyncFlags parse(Object flags) {
    List<String> names = names(flags);
    return new MsyncFlags(!names.contains("MS_ASYNC"), names.contains("MS_INVALIDATE"));
  }

  /** How the log writes them. */
  String text() {
    return (sync ? "MS_SYNC" : "MS_ASYNC") + (invalidate ? " | MS_INVALIDATE" : "");
  }

  private static List<String> names(Object flags) {
    List<?> items =
        flags instanceof List<?> l ? l : List.of(String.valueOf(flags).split("\\|", -1));
    return items.stream().map(o -> String.valueOf(o).trim().toUpperCase(Locale.ROOT)).toList();
  }
}

package org.vmcompare.macos;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.SystemOptions;

/**
 * The macOS knobs of ../shared/SEMANTICS.md ("## macOS") this model reads today, one system option
 * each, with the documented default. The others (page-queue targets, compressor thresholds,
 * swapfiles, jetsam) come with the parts of the model that use them: a knob nothing reads would be
 * a lie. Every message starts with the key so the loader can point at its line.
 *
 * @param aliasing {@code xnu} (default): an aliased page is mapped by every task that maps it, as
 *     XNU does; {@code exclusive-handoff}: the what-if of sources/000_aa5dd98641f80983.txt, where
 *     only one process maps a page of a shared file at a time and a touch from another process
 *     unmaps it from the holder first
 * @param platform {@code macos} (default, desktop); {@code ios} (no swap, jetsam) is declared so
 *     experiments can name it, and refused until jetsam is built
 */
public record MacosOptions(Aliasing aliasing, Platform platform) {
  /** How pages of an object mapped by several tasks are mapped. */
  public enum Aliasing {
    XNU,
    EXCLUSIVE_HANDOFF;

    String yamlName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** Desktop macOS or iOS (SEMANTICS.md: kills, swap). */
  public enum Platform {
    MACOS,
    IOS
  }

  public static final List<OptionSpec> SPECS =
      List.of(
          OptionSpec.oneOf(
              "aliasing",
              "xnu",
              List.of("xnu", "exclusive-handoff"),
              "xnu: every task maps a shared page at once (XNU); exclusive-handoff: the what-if"
                  + " that ALI pages are mapped by one process at a time, moved by unmap-on-fault"),
          OptionSpec.oneOf(
              "platform",
              "macos",
              List.of("macos", "ios"),
              "macos (desktop: swapfiles, no jetsam page-shortage kills) or ios (no swap,"
                  + " jetsam); ios is not built yet"));

  public MacosOptions {
    Objects.requireNonNull(aliasing, "aliasing is null");
    Objects.requireNonNull(platform, "platform is null");
    if (platform == Platform.IOS) {
      throw new IllegalArgumentException(
          "platform: ios is not built yet on macos (jetsam bands and thresholds, no swapfiles:"
              + " issue 10 item 8); use platform: macos");
    }
  }

  /** The options with every default: what an experiment that gives none runs. */
  public static MacosOptions defaults() {
    return from(SystemOptions.of("macos", SPECS, Map.of()));
  }

  public static MacosOptions from(SystemOptions o) {
    return new MacosOptions(
        Aliasing.valueOf(o.string("aliasing").toUpperCase(Locale.ROOT).replace('-', '_')),
        Platform.valueOf(o.string("platform").toUpperCase(Locale.ROOT)));
  }
}

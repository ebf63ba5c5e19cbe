package org.vmcompare.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.ProcessOptions;
import org.vmcompare.yaml.YamlOtherKeys;

/**
 * One simulated process: its name, when it starts (at a time, or after another process exits, to
 * model a relaunch), its per-process options and its steps.
 *
 * <p>The options are every other key written on the process ({@code oomScoreAdj: -1000}, {@code
 * jetsamBand: foreground}), kept as written: the language knows no OS, each OS model declares its
 * own ({@link OsModuleProvider#processOptions()}). The loader checks them against every system on
 * the class path; a run gives its process the ones its own system declares ({@link #optionsFor}).
 * Values are plain YAML as the binder read them (text; a list or a map is refused when the options
 * are checked); a key written without a value takes the default.
 */
public record ProcessConfig(
    String name,
    SimDuration start,
    String after,
    @YamlOtherKeys(ProcessOptionKeys.class) Map<String, Object> options,
    List<Step> steps) {

  public ProcessConfig {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: is required");
    }
    if (start != null && after != null) {
      throw new IllegalArgumentException(
          "after: give either start (a time) or after (a process that must exit first)");
    }
    options =
        options == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(options));
    if (steps == null || steps.isEmpty()) {
      throw new IllegalArgumentException("steps: a process needs at least one step");
    }
    steps = List.copyOf(steps);
  }

  /**
   * This process's options on one system: the keys it declares, checked by it, defaults filled in;
   * keys only other systems declare are ignored. Throws IllegalArgumentException("key: ...") for a
   * bad value.
   */
  public ProcessOptions optionsFor(OsModuleProvider provider, long pageSize) {
    Set<String> declared =
        provider.processOptions().stream().map(OptionSpec::key).collect(Collectors.toSet());
    Map<String, String> given = new LinkedHashMap<>();
    options.forEach(
        (key, value) -> {
          if (value != null && declared.contains(key)) {
            given.put(key, singleValue(key, value));
          }
        });
    return provider.validateProcessOptions(given, pageSize);
  }

  /** The text of an option's value; a list or a map is refused naming the key. */
  static String singleValue(String key, Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(
        key + ": expected a single value, got " + (value instanceof List<?> ? "a list" : "a map"));
  }
}

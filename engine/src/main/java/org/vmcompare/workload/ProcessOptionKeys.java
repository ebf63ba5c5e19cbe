package org.vmcompare.workload;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vmcompare.os.OptionSpec;
import org.vmcompare.os.OsModuleProvider;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.yaml.YamlOtherKeys;

/**
 * The per-process option keys a process may be written with: those of every system in a registry,
 * by system. The loader checks processes against them; the JSON schema lists those of the systems
 * on the class path (through {@link YamlOtherKeys} on {@link ProcessConfig#options()}).
 */
public final class ProcessOptionKeys implements YamlOtherKeys.Source {
  /** The keys of the systems on the class path, for the schema. */
  public ProcessOptionKeys() {}

  @Override
  public Map<String, List<OptionSpec>> keys() {
    return of(OsRegistry.load());
  }

  /**
   * Each system's per-process options, by system name in registry order (systems without any are
   * left out).
   */
  public static Map<String, List<OptionSpec>> of(OsRegistry registry) {
    Objects.requireNonNull(registry, "registry is null");
    Map<String, List<OptionSpec>> out = new LinkedHashMap<>();
    for (OsModuleProvider p : registry.providers()) {
      if (!p.processOptions().isEmpty()) {
        out.put(p.name(), List.copyOf(p.processOptions()));
      }
    }
    return out;
  }
}

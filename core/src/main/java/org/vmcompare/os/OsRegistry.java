package org.vmcompare.os;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.vmcompare.common.Suggest;

/** The personalities on the class path, by name; an unknown name fails listing the known ones. */
public final class OsRegistry {
  private final List<OsModuleProvider> providers;

  private OsRegistry(List<OsModuleProvider> providers) {
    this.providers = List.copyOf(providers);
  }

  /** Every provider the class path's ServiceLoader finds, sorted by name. */
  public static OsRegistry load() {
    List<OsModuleProvider> found = new ArrayList<>();
    ServiceLoader.load(OsModuleProvider.class, OsRegistry.class.getClassLoader())
        .forEach(found::add);
    found.sort(Comparator.comparing(OsModuleProvider::name));
    return new OsRegistry(found);
  }

  /**
   * A registry of exactly these providers, sorted by name: for tools and tests that bring their own
   * systems instead of the class path's.
   */
  public static OsRegistry of(List<OsModuleProvider> providers) {
    List<OsModuleProvider> sorted = new ArrayList<>(providers);
    sorted.sort(Comparator.comparing(OsModuleProvider::name));
    return new OsRegistry(sorted);
  }

  public List<OsModuleProvider> providers() {
    return providers;
  }

  public List<String> names() {
    return providers.stream().map(OsModuleProvider::name).toList();
  }

  public OsModuleProvider get(String name) {
    for (OsModuleProvider p : providers) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    String suggestion = Suggest.closest(name, names());
    throw new IllegalArgumentException(
        "unknown system '"
            + name
            + "'"
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
            + "; known: "
            + String.join(", ", names()));
  }
}

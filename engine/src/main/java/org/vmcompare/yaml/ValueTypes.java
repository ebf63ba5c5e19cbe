package org.vmcompare.yaml;

import java.util.Map;
import org.vmcompare.vm.Protection;

/**
 * The types the language reads from one scalar through their {@code parse(String)} and writes back
 * with {@code toString()}: sizes, durations, access patterns, protections. The binder, the schema
 * generator and the writer ask here, so the three agree on what is a value and how it is described.
 *
 * <p>A type of the language marks itself with a {@link YamlDoc} that has a pattern; a type from
 * core, which cannot carry the language's annotations, is listed in {@link #CORE}.
 */
final class ValueTypes {
  /** What an editor shows for a value type, and the syntax its text must match. */
  record Doc(String description, String pattern) {}

  /** Permissions as users write them: {@code r}, {@code rw}, {@code r-x}, {@code none}. */
  static final String PROTECTION = "^\\s*(?:[nN][oO][nN][eE]|[rRwWxX-]+)\\s*$";

  private static final Map<Class<?>, Doc> CORE =
      Map.of(
          Protection.class,
          new Doc("permissions: r, rw, rx, rwx or none (r-x style works too)", PROTECTION));

  private ValueTypes() {}

  /** The description and syntax of a value type, or null when {@code c} is not one. */
  static Doc doc(Class<?> c) {
    YamlDoc doc = c.getAnnotation(YamlDoc.class);
    if (doc != null && !doc.pattern().isEmpty()) {
      return new Doc(doc.value(), doc.pattern());
    }
    return CORE.get(c);
  }

  /** True when values of {@code c} are read from text by parse(String) and written by toString. */
  static boolean isValueType(Class<?> c) {
    return doc(c) != null && Binder.parseMethod(c) != null;
  }
}

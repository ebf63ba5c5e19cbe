package org.vmcompare.yaml;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vmcompare.common.InputError;
import org.vmcompare.common.Quantities;
import org.vmcompare.common.Suggest;

/**
 * Binds a {@link YNode} tree to records by their component names, strictly: an unknown key, a wrong
 * type or a value a record's compact constructor rejects becomes one {@link InputError} at the
 * offending key's line and column, with the key's path ({@code processes[0].steps[1].size}).
 *
 * <p>Conventions the language's records follow: a missing key binds null (the record's compact
 * constructor applies the default); a type with a public static {@code parse(String)} is read from
 * a scalar; a sealed interface is a tagged union written {@code - name: {...}} or just {@code -
 * name}, the tag being the kebab-case of the record's simple name (or {@link YamlName}); a record
 * with one component may be written as that component's value; a compact constructor that throws
 * {@code IllegalArgumentException("key: problem")} is reported at that key; a {@code Map} component
 * marked {@link YamlOtherKeys} takes the keys no other component names, instead of their being
 * refused.
 */
public final class Binder {
  private final String file;

  public Binder(String file) {
    this.file = file;
  }

  public <T> T bind(YNode node, Class<T> type, String path) {
    return type.cast(bindType(node, type, path));
  }

  /** The tag a sealed-interface member is written with. */
  public static String tagOf(Class<?> type) {
    YamlName n = type.getAnnotation(YamlName.class);
    if (n != null) {
      return n.value();
    }
    String simple = type.getSimpleName();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < simple.length(); i++) {
      char c = simple.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        sb.append('-');
      }
      sb.append(Character.toLowerCase(c));
    }
    return sb.toString();
  }

  /**
   * The keys a record's components name, in order: every component but a {@link YamlOtherKeys} one,
   * whose keys are whatever the others do not name.
   */
  public static List<String> namedKeys(Class<?> record) {
    List<String> out = new ArrayList<>();
    for (RecordComponent rc : record.getRecordComponents()) {
      if (!rc.isAnnotationPresent(YamlOtherKeys.class)) {
        out.add(rc.getName());
      }
    }
    return out;
  }

  /** Every tag a sealed interface accepts, in declaration order. */
  public static Map<String, Class<?>> tags(Class<?> sealed) {
    Map<String, Class<?>> out = new LinkedHashMap<>();
    for (Class<?> c : sealed.getPermittedSubclasses()) {
      out.put(tagOf(c), c);
    }
    return out;
  }

  private Object bindType(YNode node, Type type, String path) {
    if (type instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      if (raw == List.class) {
        return bindList(node, pt.getActualTypeArguments()[0], path);
      }
      if (raw == Map.class) {
        if (isNull(node)) {
          return null;
        }
        if (!(node instanceof YNode.Mapping)) {
          throw error(node, path, "expected a map of keys, got " + node.kind());
        }
        return toPlain(node);
      }
      throw new IllegalStateException("unsupported type " + type + " at " + path);
    }
    Class<?> c = (Class<?>) type;
    if (c == YNode.class) {
      return node;
    }
    if (isNull(node)) {
      return null;
    }
    if (c == String.class) {
      return scalar(node, path, "text");
    }
    if (c == Integer.class || c == int.class) {
      long v = integer(node, path);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error(node, path, v + " is out of range");
      }
      return (int) v;
    }
    if (c == Long.class || c == long.class) {
      return integer(node, path);
    }
    if (c == Double.class || c == double.class) {
      return decimal(node, path);
    }
    if (c == Boolean.class || c == boolean.class) {
      String s = scalar(node, path, "true or false").toLowerCase(Locale.ROOT);
      if (!s.equals("true") && !s.equals("false")) {
        throw error(node, path, "expected true or false, got '" + s + "'");
      }
      return Boolean.parseBoolean(s);
    }
    if (c.isEnum()) {
      return enumValue(node, c, path);
    }
    Method parse = parseMethod(c);
    if (parse != null
        && (!c.isRecord() || node instanceof YNode.Scalar || ValueTypes.isValueType(c))) {
      String s = scalar(node, path, "a value");
      try {
        return parse.invoke(null, s);
      } catch (InvocationTargetException e) {
        throw error(node, path, messageOf(e.getCause()));
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
    }
    if (c.isSealed() && c.isInterface()) {
      return bindUnion(node, c, path);
    }
    if (c.isRecord()) {
      return bindRecord(node, c, path);
    }
    throw new IllegalStateException("cannot bind " + c + " at " + path);
  }

  private Object bindUnion(YNode node, Class<?> sealed, String path) {
    Map<String, Class<?>> tags = tags(sealed);
    String tag;
    YNode body;
    YNode at = node;
    if (node instanceof YNode.Scalar s && s.text() != null) {
      tag = s.text();
      body = new YNode.Scalar(null, false, s.line(), s.column());
    } else if (node instanceof YNode.Mapping m && m.entries().size() == 1) {
      YNode.Entry e = m.entries().values().iterator().next();
      tag = e.key();
      body = e.value();
      at = new YNode.Scalar(tag, true, e.line(), e.column());
    } else {
      throw error(
          node,
          path,
          "expected one of "
              + String.join(", ", tags.keySet())
              + " (written '- name: {...}'), got "
              + node.kind());
    }
    Class<?> target = tags.get(tag);
    if (target == null) {
      String suggestion = Suggest.closest(tag, tags.keySet());
      throw error(
          at,
          path,
          "unknown "
              + tagOf(sealed)
              + " '"
              + tag
              + "'"
              + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
              + "; known: "
              + String.join(", ", tags.keySet()));
    }
    return target.isRecord()
        ? bindRecord(body, target, path + "." + tag)
        : bindType(body, target, path + "." + tag);
  }

  private Object bindRecord(YNode node, Class<?> c, String path) {
    RecordComponent[] comps = c.getRecordComponents();
    Object[] args = new Object[comps.length];
    Map<String, YNode.Entry> entries;
    if (node instanceof YNode.Mapping m) {
      entries = m.entries();
    } else if (node instanceof YNode.Scalar s && s.text() == null) {
      entries = Map.of();
    } else if (comps.length == 1) {
      entries =
          Map.of(
              comps[0].getName(),
              new YNode.Entry(comps[0].getName(), node.line(), node.column(), node));
    } else {
      throw error(node, path, "expected a map of keys, got " + node.kind());
    }
    int others = otherKeysIndex(c, comps);
    List<String> names = namedKeys(c);
    Map<String, YNode.Entry> otherEntries = new LinkedHashMap<>();
    for (YNode.Entry e : entries.values()) {
      if (names.contains(e.key())) {
        continue;
      }
      if (others < 0) {
        throw unknownKey(e, path, names);
      }
      otherEntries.put(e.key(), e);
    }
    for (int i = 0; i < comps.length; i++) {
      if (i == others) {
        args[i] = bindOthers(otherEntries, comps[i], path);
        continue;
      }
      YNode.Entry e = entries.get(comps[i].getName());
      if (e == null) {
        args[i] = comps[i].getType().isPrimitive() ? primitiveDefault(comps[i].getType()) : null;
      } else {
        args[i] = bindType(e.value(), comps[i].getGenericType(), join(path, e.key()));
      }
    }
    try {
      Constructor<?> ctor = c.getDeclaredConstructor(types(comps));
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InputError ie) {
        throw ie;
      }
      if (cause instanceof IllegalArgumentException) {
        String msg = messageOf(cause);
        int colon = msg.indexOf(": ");
        if (colon > 0) {
          String key = msg.substring(0, colon);
          if (names.contains(key) && !entries.containsKey(key)) {
            // "name: is required" while 'nmae' was gathered as another key: the typo is the news.
            for (YNode.Entry other : otherEntries.values()) {
              if (key.equals(Suggest.closest(other.key(), names))) {
                throw unknownKey(other, path, names);
              }
            }
          }
          YNode.Entry e2 = entries.get(key);
          if (e2 != null) {
            throw new InputError(
                file,
                e2.value().line(),
                e2.value().column(),
                join(path, key),
                msg.substring(colon + 2));
          }
          if (names.contains(key)) {
            throw new InputError(
                file, node.line(), node.column(), join(path, key), msg.substring(colon + 2));
          }
        }
        throw new InputError(file, node.line(), node.column(), path, msg);
      }
      throw new IllegalStateException("binding " + path + " failed", cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot construct " + c, e);
    }
  }

  private InputError unknownKey(YNode.Entry e, String path, List<String> names) {
    String suggestion = Suggest.closest(e.key(), names);
    return new InputError(
        file,
        e.line(),
        e.column(),
        join(path, e.key()),
        "unknown key"
            + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
            + "; valid keys here: "
            + String.join(", ", names));
  }

  /** The index of the record's {@link YamlOtherKeys} component, or -1. */
  private static int otherKeysIndex(Class<?> c, RecordComponent[] comps) {
    int found = -1;
    for (int i = 0; i < comps.length; i++) {
      if (comps[i].isAnnotationPresent(YamlOtherKeys.class)) {
        if (found >= 0) {
          throw new IllegalStateException(c + " has two @YamlOtherKeys components");
        }
        if (!(comps[i].getGenericType() instanceof ParameterizedType pt)
            || pt.getRawType() != Map.class
            || pt.getActualTypeArguments()[0] != String.class) {
          throw new IllegalStateException(
              "@YamlOtherKeys needs a Map<String, V> component, got "
                  + comps[i].getGenericType()
                  + " in "
                  + c);
        }
        found = i;
      }
    }
    return found;
  }

  /**
   * The keys no other component names, each value bound as the map's value type; for {@code
   * Object}, kept as plain YAML (see {@link #toPlain}) for whoever knows the keys to check.
   */
  private Map<String, Object> bindOthers(
      Map<String, YNode.Entry> entries, RecordComponent rc, String path) {
    Type valueType = ((ParameterizedType) rc.getGenericType()).getActualTypeArguments()[1];
    Map<String, Object> out = new LinkedHashMap<>();
    for (YNode.Entry e : entries.values()) {
      out.put(
          e.key(),
          valueType == Object.class
              ? toPlain(e.value())
              : bindType(e.value(), valueType, join(path, e.key())));
    }
    return out;
  }

  private List<Object> bindList(YNode node, Type element, String path) {
    if (isNull(node)) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    if (node instanceof YNode.Seq s) {
      for (int i = 0; i < s.items().size(); i++) {
        out.add(bindType(s.items().get(i), element, path + "[" + i + "]"));
      }
      return out;
    }
    if (node instanceof YNode.Scalar s
        && (element == Long.class || element == Integer.class || element == String.class)) {
      // "3 2 1 0" or "3, 2, 1, 0": handy for reference strings.
      for (String part : s.text().trim().split("[\\s,]+")) {
        YNode.Scalar item = new YNode.Scalar(part, true, s.line(), s.column());
        out.add(bindType(item, element, path));
      }
      return out;
    }
    throw error(node, path, "expected a list, got " + node.kind());
  }

  /** Raw YAML as maps, lists and strings (null for YAML null), in document order. */
  static Object toPlain(YNode node) {
    if (node instanceof YNode.Scalar s) {
      return s.text();
    }
    if (node instanceof YNode.Seq s) {
      List<Object> out = new ArrayList<>();
      for (YNode n : s.items()) {
        out.add(toPlain(n));
      }
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (YNode.Entry e : ((YNode.Mapping) node).entries().values()) {
      out.put(e.key(), toPlain(e.value()));
    }
    return out;
  }

  private String scalar(YNode node, String path, String expected) {
    if (node instanceof YNode.Scalar s && s.text() != null) {
      return s.text();
    }
    throw error(node, path, "expected " + expected + ", got " + node.kind());
  }

  private long integer(YNode node, String path) {
    String s = scalar(node, path, "a whole number");
    try {
      return Long.parseLong(s.replace("_", ""));
    } catch (NumberFormatException e) {
      try {
        return Quantities.parseCount(s);
      } catch (IllegalArgumentException e2) {
        throw error(node, path, "expected a whole number (10, 10k, 5M), got '" + s + "'");
      }
    }
  }

  private double decimal(YNode node, String path) {
    String s = scalar(node, path, "a number");
    try {
      if (s.endsWith("%")) {
        return Double.parseDouble(s.substring(0, s.length() - 1).trim()) / 100.0;
      }
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      throw error(node, path, "expected a number (0.3 or 30%), got '" + s + "'");
    }
  }

  private Object enumValue(YNode node, Class<?> c, String path) {
    String s = scalar(node, path, "a name");
    String norm = s.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    List<String> valid = new ArrayList<>();
    for (Object constant : c.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      valid.add(name.toLowerCase(Locale.ROOT).replace('_', '-'));
      if (name.equals(norm)) {
        return constant;
      }
    }
    throw error(node, path, "'" + s + "' is not one of " + String.join(", ", valid));
  }

  /** A public static {@code parse(String)} returning the type: the mark of a value type. */
  static Method parseMethod(Class<?> c) {
    try {
      Method m = c.getMethod("parse", String.class);
      return Modifier.isStatic(m.getModifiers()) && c.isAssignableFrom(m.getReturnType())
          ? m
          : null;
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  private static boolean isNull(YNode node) {
    return node instanceof YNode.Scalar s && s.text() == null;
  }

  private InputError error(YNode node, String path, String problem) {
    return new InputError(file, node.line(), node.column(), path, problem);
  }

  private static String join(String path, String key) {
    return path == null || path.isEmpty() ? key : path + "." + key;
  }

  private static String messageOf(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  private static Class<?>[] types(RecordComponent[] comps) {
    Class<?>[] out = new Class<?>[comps.length];
    for (int i = 0; i < comps.length; i++) {
      out[i] = comps[i].getType();
    }
    return out;
  }

  /** The value a missing primitive component gets (null for types the language does not use). */
  static Object primitiveDefault(Class<?> t) {
    if (t == boolean.class) {
      return false;
    }
    if (t == int.class) {
      return 0;
    }
    if (t == long.class) {
      return 0L;
    }
    if (t == double.class) {
      return 0.0;
    }
    return null;
  }
}

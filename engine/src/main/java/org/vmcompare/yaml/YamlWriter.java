package org.vmcompare.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes records back as YAML by the same conventions {@link Binder} reads them (null components
 * left out, value types as their text, sealed members as {@code - tag: {...}}, enums in kebab-case,
 * a {@link YamlOtherKeys} map's keys beside the record's own), so a loaded experiment can be saved
 * and loaded again unchanged.
 */
public final class YamlWriter {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  private YamlWriter() {}

  public static String write(Object record) {
    try {
      return MAPPER.writeValueAsString(plain(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }

  /** The record as maps, lists and strings, in component order. */
  public static Object plain(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof YNode node) {
      return Binder.toPlain(node);
    }
    Class<?> c = value.getClass();
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (c.isEnum()) {
      return ((Enum<?>) value).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object o : list) {
        out.add(plain(o));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (hasParse(c)) {
      return value.toString();
    }
    if (c.isRecord()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (RecordComponent rc : c.getRecordComponents()) {
        Object v;
        try {
          v = rc.getAccessor().invoke(value);
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException(e);
        }
        if (rc.isAnnotationPresent(YamlOtherKeys.class) && v instanceof Map<?, ?> others) {
          // Written beside the record's own keys, as the binder gathered them.
          others.forEach((k, o) -> out.put(String.valueOf(k), plain(o)));
        } else if (v != null && !(v instanceof YNode.Scalar s && s.text() == null)) {
          out.put(rc.getName(), plain(v));
        }
      }
      for (Class<?> i : c.getInterfaces()) {
        if (i.isSealed()) {
          Map<String, Object> tagged = new LinkedHashMap<>();
          tagged.put(Binder.tagOf(c), out.isEmpty() ? null : out);
          return out.isEmpty() ? Binder.tagOf(c) : tagged;
        }
      }
      return out;
    }
    throw new IllegalStateException("cannot write " + c);
  }

  /** Value types (sizes, durations) are written as their text, like users write them. */
  private static boolean hasParse(Class<?> c) {
    return ValueTypes.isValueType(c);
  }
}

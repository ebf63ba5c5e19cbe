package org.vmcompare.yaml;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.os.OptionSpec;

/**
 * The small JSON Schema nodes {@link SchemaGenerator} assembles (a scalar with its pattern, a
 * reference, a description put first) and the schema of the options each system declares, which
 * come from the providers rather than from a record.
 */
final class SchemaNodes {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SchemaNodes() {}

  /** Any scalar: the binder reads YAML numbers and booleans as their text. */
  static ObjectNode text(String description) {
    ObjectNode o = NODES.objectNode();
    if (description != null) {
      o.put("description", description);
    }
    ArrayNode types = o.putArray("type");
    types.add("string").add("number").add("boolean");
    return o;
  }

  static ObjectNode whole() {
    return scalar(
        "a whole number; k, M and G multiply by a thousand, a million, a billion: 10k",
        SchemaPatterns.COUNT,
        List.of("integer", "string"));
  }

  static ObjectNode scalar(String description, String pattern, List<String> types) {
    ObjectNode o = NODES.objectNode();
    o.put("description", description);
    ArrayNode t = o.putArray("type");
    types.forEach(t::add);
    o.put("pattern", pattern);
    return o;
  }

  static ObjectNode ref(String target) {
    ObjectNode o = NODES.objectNode();
    o.put("$ref", target);
    return o;
  }

  /** A copy of {@code s} with {@code description} first (replacing any it had). */
  static ObjectNode described(ObjectNode s, String description) {
    if (description == null) {
      return s;
    }
    ObjectNode o = NODES.objectNode();
    o.put("description", description);
    s.fields()
        .forEachRemaining(
            f -> {
              if (!f.getKey().equals("description")) {
                o.set(f.getKey(), f.getValue());
              }
            });
    return o;
  }

  static String typeDoc(Class<?> c) {
    YamlDoc doc = c.getAnnotation(YamlDoc.class);
    return doc == null ? null : doc.value();
  }

  /**
   * The keys a {@link YamlOtherKeys} source declares, in its order; a key several systems declare
   * takes any of their forms. Keys the record's own components name are the binder's, not these.
   */
  static void otherKeys(Class<?> c, RecordComponent rc, ObjectNode properties) {
    Map<String, List<OptionSpec>> bySystem;
    try {
      bySystem =
          rc.getAnnotation(YamlOtherKeys.class)
              .value()
              .getDeclaredConstructor()
              .newInstance()
              .keys();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot ask the keys of " + c.getName() + "." + rc, e);
    }
    List<String> named = Binder.namedKeys(c);
    Map<String, List<ObjectNode>> byKey = new LinkedHashMap<>();
    bySystem.forEach(
        (system, specs) -> {
          for (OptionSpec spec : specs) {
            if (!named.contains(spec.key())) {
              byKey.computeIfAbsent(spec.key(), k -> new ArrayList<>()).add(option(system, spec));
            }
          }
        });
    byKey.forEach(
        (key, forms) -> {
          if (forms.size() == 1) {
            properties.set(key, forms.get(0));
          } else {
            ObjectNode o = NODES.objectNode();
            o.putArray("anyOf").addAll(forms);
            properties.set(key, o);
          }
        });
  }

  /** One declared option: its values, described with the system that reads it and its default. */
  static ObjectNode option(String system, OptionSpec spec) {
    ObjectNode s = NODES.objectNode();
    switch (spec.kind()) {
      case TEXT -> s = text(null);
      case CHOICE -> {
        boolean yesNo =
            spec.allowed().stream().allMatch(v -> v.equals("true") || v.equals("false"));
        if (yesNo) {
          // false / true: YAML reads them unquoted as booleans, and the loader takes either
          s.putArray("type").add("boolean").add("string");
        } else {
          s.put("type", "string");
        }
        ArrayNode values = s.putArray("enum");
        spec.allowed().forEach(values::add);
        if (yesNo) {
          spec.allowed().forEach(v -> values.add(Boolean.parseBoolean(v)));
        }
      }
      case INTEGER -> {
        s.put("type", "integer");
        if (spec.min() != Long.MIN_VALUE) {
          putNumber(s, "minimum", spec.min());
        }
        if (spec.max() != Long.MAX_VALUE) {
          putNumber(s, "maximum", spec.max());
        }
        if (!spec.names().isEmpty()) {
          ObjectNode names = NODES.objectNode();
          names.put("type", "string");
          ArrayNode values = names.putArray("enum");
          spec.names().keySet().forEach(values::add);
          ObjectNode number = s;
          s = NODES.objectNode();
          s.putArray("anyOf").add(number).add(names);
        }
      }
      case SIZE -> {
        s.put("type", "string");
        s.put("pattern", SchemaPatterns.SIZE);
      }
    }
    String values = spec.describeValues();
    return described(
        s,
        system
            + ": "
            + spec.description()
            + " (default "
            + spec.defaultValue()
            + (values.isEmpty() ? "" : "; " + values)
            + ")");
  }

  /** An int when it fits, as JSON reads it back, so the tree and its text stay equal. */
  static void putNumber(ObjectNode o, String key, long value) {
    if (value == (int) value) {
      o.put(key, (int) value);
    } else {
      o.put(key, value);
    }
  }
}

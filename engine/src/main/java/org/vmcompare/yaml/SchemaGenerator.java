package org.vmcompare.yaml;

import static org.vmcompare.yaml.SchemaNodes.NODES;
import static org.vmcompare.yaml.SchemaNodes.described;
import static org.vmcompare.yaml.SchemaNodes.otherKeys;
import static org.vmcompare.yaml.SchemaNodes.ref;
import static org.vmcompare.yaml.SchemaNodes.scalar;
import static org.vmcompare.yaml.SchemaNodes.text;
import static org.vmcompare.yaml.SchemaNodes.typeDoc;
import static org.vmcompare.yaml.SchemaNodes.whole;
import static org.vmcompare.yaml.SchemaPatterns.BOOLEAN;
import static org.vmcompare.yaml.SchemaPatterns.COUNT_LIST;
import static org.vmcompare.yaml.SchemaPatterns.DECIMAL;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes a JSON Schema (draft 2020-12) of the YAML language {@link Binder} reads, so that an editor
 * (through the YAML language server) can complete keys and flag mistakes while an experiment is
 * typed.
 *
 * <p>It walks the records by reflection with Binder's own rules, so it never needs a list of keys
 * or steps and cannot drift from the loader: a new record component or a new member of a sealed
 * interface appears in the schema the moment the loader accepts it. The rules, in Binder's order:
 *
 * <ul>
 *   <li>{@link YNode} takes any YAML ({@code {}}), {@code Map} takes a map;
 *   <li>text takes any scalar (YAML {@code 5} or {@code true} are text to the binder);
 *   <li>whole numbers take an integer or a string with a count suffix ({@code 10k}), decimals a
 *       number or a percentage ({@code 30%}), booleans {@code true}/{@code false} in any case;
 *   <li>enums take their constants in kebab case;
 *   <li>a type with a public static {@code parse(String)} takes a scalar; a record with one also
 *       takes its map form, except the value types below, which are described by their syntax only;
 *   <li>a sealed interface is a {@code oneOf} of {@code {tag: body}} maps, plus the bare string
 *       {@code tag} for a member whose constructor accepts every key missing;
 *   <li>a record is an object with {@code additionalProperties: false}; a record with one component
 *       also takes that component's own form (anything but a map); a {@link YamlOtherKeys}
 *       component adds the keys its source declares (each system's per-process options, from the
 *       providers on the class path), not its own name;
 *   <li>{@code List<T>} is an array; for {@code Long}, {@code Integer} and {@code String} elements
 *       also one scalar listing the items ({@code "3 2 1 0"}).
 * </ul>
 *
 * <p>A record or sealed interface used in more than one place (or on a cycle) goes into {@code
 * $defs} under its simple name; everything else is written in place. Output is deterministic: keys
 * in component order, union members and {@code $defs} sorted by name.
 *
 * <p>Where the schema and the binder differ (the schema is stricter about explicit nulls, enum case
 * and YAML integer notations; constructor checks such as "required" or "give count or passes, not
 * both" are not in the schema) the loader stays the authority: {@code vmcompare validate} runs it.
 */
public final class SchemaGenerator {
  /** The JSON Schema dialect written into {@code $schema}. */
  public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  private final Class<?> root;
  private final Map<Class<?>, Integer> uses = new LinkedHashMap<>();
  private final Map<Class<?>, String> defNames = new HashMap<>();

  private SchemaGenerator(Class<?> root) {
    this.root = root;
  }

  /**
   * The schema of {@code root} (normally {@code Experiment}) as a JSON tree.
   *
   * @throws IllegalStateException if a reachable type is one Binder cannot bind either
   */
  public static ObjectNode generate(Class<?> root, String title) {
    Objects.requireNonNull(root, "root is null");
    Objects.requireNonNull(title, "title is null");
    if (!root.isRecord()) {
      throw new IllegalArgumentException("the root must be a record, got " + root.getName());
    }
    return new SchemaGenerator(root).build(title);
  }

  /** The schema as pretty-printed JSON with {@code \n} line ends and a final newline. */
  public static String generateJson(Class<?> root, String title) {
    return render(generate(root, title));
  }

  /** Pretty-prints a JSON tree the same way on every platform. */
  public static String render(JsonNode node) {
    Objects.requireNonNull(node, "node is null");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return new ObjectMapper().writer(printer).writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the schema", e);
    }
  }

  /**
   * True for a value type the schema describes by its text syntax only (a type with parse(String)
   * and a {@link YamlDoc} pattern); its record components are not keys of the language.
   */
  static boolean isValueType(Class<?> c) {
    return ValueTypes.isValueType(c);
  }

  private ObjectNode build(String title) {
    count(root);
    nameDefinitions();
    ObjectNode doc = NODES.objectNode();
    doc.put("$schema", DIALECT);
    doc.put("title", title);
    doc.setAll(define(root));
    if (!defNames.isEmpty()) {
      TreeMap<String, Class<?>> sorted = new TreeMap<>();
      defNames.forEach((c, name) -> sorted.put(name, c));
      ObjectNode defs = doc.putObject("$defs");
      sorted.forEach((name, c) -> defs.set(name, define(c)));
    }
    return doc;
  }

  // ---- pass 1: which named types are used more than once --------------------------------------

  private void count(Type t) {
    if (t instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      if (raw == List.class) {
        count(pt.getActualTypeArguments()[0]);
      } else if (raw != Map.class) {
        throw unsupported(t);
      }
      return;
    }
    if (!(t instanceof Class<?> c)) {
      throw unsupported(t);
    }
    if (!isNamed(c)) {
      return;
    }
    if (uses.merge(c, 1, Integer::sum) > 1 || isValueType(c)) {
      return;
    }
    if (c.isInterface()) {
      for (Class<?> member : Binder.tags(c).values()) {
        count(member);
      }
      return;
    }
    for (RecordComponent rc : c.getRecordComponents()) {
      count(rc.getGenericType());
    }
  }

  /** Records and sealed interfaces: the types that may go into {@code $defs}. */
  private static boolean isNamed(Class<?> c) {
    return c != YNode.class
        && (c.isRecord() || (c.isSealed() && c.isInterface() && Binder.parseMethod(c) == null));
  }

  private void nameDefinitions() {
    Map<String, List<Class<?>>> bySimpleName = new TreeMap<>();
    uses.forEach(
        (c, n) -> {
          if (n > 1 && c != root) {
            bySimpleName.computeIfAbsent(c.getSimpleName(), k -> new ArrayList<>()).add(c);
          }
        });
    for (List<Class<?>> same : bySimpleName.values()) {
      for (Class<?> c : same) {
        defNames.put(c, same.size() == 1 ? c.getSimpleName() : nestedName(c));
      }
    }
  }

  /** {@code Step.Trace} for a nested class, so two {@code Trace} records get distinct names. */
  private static String nestedName(Class<?> c) {
    String name = c.getName();
    String pkg = c.getPackageName();
    return (pkg.isEmpty() ? name : name.substring(pkg.length() + 1)).replace('$', '.');
  }

  // ---- pass 2: schemas ------------------------------------------------------------------------

  /** The schema at a place where {@code t} is used: a reference, or the type written in place. */
  private ObjectNode use(Type t) {
    if (t instanceof ParameterizedType pt) {
      Class<?> raw = (Class<?>) pt.getRawType();
      if (raw == List.class) {
        return list(pt.getActualTypeArguments()[0]);
      }
      if (raw == Map.class) {
        ObjectNode o = NODES.objectNode();
        o.put("type", "object");
        return o;
      }
      throw unsupported(t);
    }
    Class<?> c = (Class<?>) t;
    if (c == root) {
      return ref("#");
    }
    String def = defNames.get(c);
    return def != null ? ref("#/$defs/" + def) : define(c);
  }

  /** The schema of a type itself, in {@link Binder}'s order of rules. */
  private ObjectNode define(Class<?> c) {
    if (c == YNode.class) {
      return NODES.objectNode();
    }
    if (c == String.class) {
      return text(null);
    }
    if (c == Integer.class || c == int.class) {
      ObjectNode o = whole();
      o.put("minimum", Integer.MIN_VALUE);
      o.put("maximum", Integer.MAX_VALUE);
      return o;
    }
    if (c == Long.class || c == long.class) {
      return whole();
    }
    if (c == Double.class || c == double.class) {
      return scalar("a number, or a percentage: 0.3 or 30%", DECIMAL, List.of("number", "string"));
    }
    if (c == Boolean.class || c == boolean.class) {
      return scalar("true or false", BOOLEAN, List.of("boolean", "string"));
    }
    if (c.isEnum()) {
      ObjectNode o = NODES.objectNode();
      o.put("type", "string");
      ArrayNode values = o.putArray("enum");
      for (Object constant : c.getEnumConstants()) {
        values.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      return described(o, typeDoc(c));
    }
    if (isValueType(c)) {
      return valueType(c);
    }
    Method parse = Binder.parseMethod(c);
    if (parse != null && !c.isRecord()) {
      return described(shortForm(c), typeDoc(c));
    }
    if (c.isSealed() && c.isInterface()) {
      return union(c);
    }
    if (c.isRecord()) {
      return record(c, parse != null);
    }
    throw unsupported(c);
  }

  private ObjectNode valueType(Class<?> c) {
    ValueTypes.Doc doc = ValueTypes.doc(c);
    String description = doc.description();
    String pattern = doc.pattern();
    ObjectNode o = NODES.objectNode();
    o.put("description", description);
    o.put("type", "string");
    o.put("pattern", pattern);
    return o;
  }

  private ObjectNode record(Class<?> c, boolean hasParse) {
    ObjectNode object = NODES.objectNode();
    object.put("type", "object");
    ObjectNode properties = object.putObject("properties");
    RecordComponent[] comps = c.getRecordComponents();
    for (RecordComponent rc : comps) {
      if (rc.isAnnotationPresent(YamlOtherKeys.class)) {
        otherKeys(c, rc, properties);
      } else {
        properties.set(rc.getName(), component(rc));
      }
    }
    object.put("additionalProperties", false);
    ObjectNode other = null;
    if (hasParse) {
      // A scalar goes to parse(String) before the one-component rule is tried.
      other = shortForm(c);
    } else if (comps.length == 1) {
      // Binder reads any map as the record's own keys, so the short form is anything else.
      other = notAMap(component(comps[0]), comps[0].getGenericType());
    }
    if (other == null) {
      return described(object, typeDoc(c));
    }
    ObjectNode o = NODES.objectNode();
    o.putArray("anyOf").add(object).add(other);
    return described(o, typeDoc(c));
  }

  private ObjectNode component(RecordComponent rc) {
    ObjectNode s = use(rc.getGenericType());
    YamlDoc doc = rc.getAnnotation(YamlDoc.class);
    if (doc == null) {
      return s;
    }
    ObjectNode o = described(s, doc.value());
    if (!doc.pattern().isEmpty()) {
      o.put("pattern", doc.pattern());
    }
    return o;
  }

  private ObjectNode union(Class<?> sealed) {
    ArrayNode oneOf = NODES.arrayNode();
    // By tag: the order of getPermittedSubclasses() is unspecified (javac does not keep the order
    // of declaration), and an editor lists the alternatives in this order.
    for (Map.Entry<String, Class<?>> e : new TreeMap<>(Binder.tags(sealed)).entrySet()) {
      String tag = e.getKey();
      Class<?> member = e.getValue();
      String doc = typeDoc(member);
      if (member.isRecord() && acceptsNothing(member)) {
        ObjectNode bare = NODES.objectNode();
        if (doc != null) {
          bare.put("description", doc);
        }
        bare.put("type", "string");
        bare.put("const", tag);
        oneOf.add(bare);
      }
      // Binder binds a member record from its keys directly; its parse(String) is not used here.
      ObjectNode body =
          member.isRecord() && Binder.parseMethod(member) != null
              ? record(member, false)
              : use(member);
      ObjectNode map = NODES.objectNode();
      if (doc != null) {
        map.put("description", doc);
      }
      map.put("type", "object");
      map.putObject("properties").set(tag, body);
      map.putArray("required").add(tag);
      map.put("additionalProperties", false);
      oneOf.add(map);
    }
    ObjectNode o = NODES.objectNode();
    o.set("oneOf", oneOf);
    return described(o, typeDoc(sealed));
  }

  private ObjectNode list(Type element) {
    ObjectNode array = NODES.objectNode();
    array.put("type", "array");
    array.set("items", use(element));
    ObjectNode one;
    if (element == Long.class || element == Integer.class) {
      one =
          scalar(
              "the list in one value, separated by spaces or commas: \"3 2 1 0\"",
              COUNT_LIST,
              List.of("integer", "string"));
    } else if (element == String.class) {
      one = text("the list in one value, separated by spaces or commas: \"a b c\"");
    } else {
      return array;
    }
    ObjectNode o = NODES.objectNode();
    o.putArray("anyOf").add(array).add(one);
    return o;
  }

  private ObjectNode shortForm(Class<?> c) {
    return text("short form, read by " + c.getSimpleName() + ".parse");
  }

  /**
   * {@code s} for a value that is not a map. A one-component record written as its component's
   * value only gets there when the value is not a map, so a component that could be a map is
   * narrowed.
   */
  private static ObjectNode notAMap(ObjectNode s, Type t) {
    if (!mayBeMap(t)) {
      return s;
    }
    ObjectNode not = NODES.objectNode();
    not.putObject("not").put("type", "object");
    ObjectNode o = NODES.objectNode();
    o.putArray("allOf").add(s).add(not);
    return o;
  }

  private static boolean mayBeMap(Type t) {
    if (t instanceof ParameterizedType pt) {
      return pt.getRawType() == Map.class;
    }
    Class<?> c = (Class<?>) t;
    return c == YNode.class || (isNamed(c) && !isValueType(c));
  }

  /**
   * Whether a member can be written bare ({@code - exit}): Binder then binds it with every key
   * missing, so that works exactly when the constructor accepts all-null arguments.
   */
  private static boolean acceptsNothing(Class<?> record) {
    RecordComponent[] comps = record.getRecordComponents();
    Class<?>[] types = new Class<?>[comps.length];
    Object[] args = new Object[comps.length];
    for (int i = 0; i < comps.length; i++) {
      types[i] = comps[i].getType();
      args[i] = Binder.primitiveDefault(types[i]);
    }
    try {
      Constructor<?> ctor = record.getDeclaredConstructor(types);
      ctor.newInstance(args);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  private static IllegalStateException unsupported(Type t) {
    return new IllegalStateException(
        "the YAML binder cannot bind " + t.getTypeName() + ", so it has no schema");
  }

  /** How a value type is written. */
}

package org.vmcompare.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.vmcompare.common.InputError;
import org.vmcompare.os.OsRegistry;
import org.vmcompare.workload.ByteSize;
import org.vmcompare.workload.Experiment;
import org.vmcompare.workload.ExperimentLoader;
import org.vmcompare.workload.SimDuration;
import org.vmcompare.workload.Step;

/**
 * Keeps the schema and the loader in step: the schema is generated from the records, and this test
 * walks both the records and configs/reference.yaml against it.
 */
final class SchemaGeneratorTest {
  private static final Path REFERENCE = Path.of("../configs/reference.yaml");

  private static final ObjectNode SCHEMA = SchemaGenerator.generate(Experiment.class, "test");

  // ---- (a) every key and every step of the language is in the schema, and nothing else ---------

  @Test
  void experimentSchema_everyReachableRecord_isAnObjectWithExactlyItsComponents() {
    Set<List<String>> objects = new LinkedHashSet<>();
    eachNode(
        SCHEMA,
        n -> {
          if (n.has("properties") && !isUnionWrapper(n)) {
            objects.add(fieldNames(n.get("properties")));
          }
        });

    Set<List<String>> records = new LinkedHashSet<>();
    for (Class<?> c : reachable(Experiment.class)) {
      if (c.isRecord() && !SchemaGenerator.isValueType(c)) {
        List<String> names = new ArrayList<>();
        for (RecordComponent rc : c.getRecordComponents()) {
          if (rc.isAnnotationPresent(YamlOtherKeys.class)) {
            names.addAll(otherKeys(rc));
          } else {
            names.add(rc.getName());
          }
        }
        records.add(names);
      }
    }

    assertThat(objects).as("objects in the schema").containsExactlyInAnyOrderElementsOf(records);
  }

  @Test
  void experimentSchema_everyStepTag_isAnAlternativeOfTheStepUnion() {
    Set<String> tags = new LinkedHashSet<>();
    eachNode(
        SCHEMA,
        n -> {
          if (isUnionWrapper(n)) {
            tags.add(n.get("required").get(0).asText());
          }
        });

    assertThat(tags).containsAll(Binder.tags(Step.class).keySet());
    assertThat(constants(SCHEMA)).contains("exit");
  }

  @Test
  void experimentSchema_everyObject_forbidsUnknownKeys() {
    eachNode(
        SCHEMA,
        n -> {
          if (n.has("properties")) {
            assertThat(n.get("additionalProperties").asBoolean(true)).as(n.toString()).isFalse();
          }
        });
  }

  @Test
  void experimentSchema_everyRef_resolves_andEveryDefinitionIsUsed() {
    Set<String> used = new LinkedHashSet<>();
    eachNode(
        SCHEMA,
        n -> {
          if (n.has("$ref")) {
            String ref = n.get("$ref").asText();
            assertThat(deref(ref)).as(ref).isNotNull();
            used.add(ref);
          }
        });

    assertThat(SCHEMA.get("$schema").asText()).isEqualTo(SchemaGenerator.DIALECT);
    assertThat(SCHEMA.get("$defs").fieldNames())
        .toIterable()
        .allSatisfy(name -> assertThat(used).contains("#/$defs/" + name));
    assertThat(SCHEMA.get("$defs").has("ByteSize")).isTrue();
  }

  // ---- (c) reference.yaml: the loader and the schema accept the same keys ----------------------

  @Test
  void referenceYaml_loads_andEveryKeyIsAllowedByTheSchema() throws Exception {
    YNode root = new YamlReader().read(REFERENCE.toString(), Files.readString(REFERENCE));

    new ExperimentLoader(OsRegistry.load()).withoutSupportCheck().load(REFERENCE);
    assertThat(check(root, SCHEMA, "")).isEmpty();
  }

  @Test
  void schemaWalk_unknownKeyOrBadValue_isReported() {
    String good =
        """
        name: x
        systems: [textbook, {os: textbook, label: b}]
        seeds: "1 2 3"
        machine: {ram: 8MiB, tlb: {asidTagged: TRUE}}
        processes:
          - name: p
            steps:
              - allocate: {name: heap, size: 1MiB}
              - touch: {region: heap, count: 10k, writes: 30%}
              - sleep: 1.5us
              - exit
        """;
    assertThat(check(yaml(good), SCHEMA, "")).isEmpty();

    assertThat(check(yaml(good.replace("ram:", "rma:")), SCHEMA, ""))
        .anySatisfy(p -> assertThat(p).contains("machine").contains("rma"));
    assertThat(check(yaml(good.replace("- exit", "- exitt")), SCHEMA, "")).isNotEmpty();
    assertThat(check(yaml(good.replace("- exit", "- allocate")), SCHEMA, "")).isNotEmpty();
    assertThat(check(yaml(good.replace("10k", "10x")), SCHEMA, "")).isNotEmpty();
    assertThat(check(yaml(good.replace("1MiB", "100")), SCHEMA, "")).isNotEmpty();
    assertThat(check(yaml(good.replace("1.5us", "1.5")), SCHEMA, "")).isNotEmpty();
  }

  @Test
  void schemaWalk_keyTheBinderRefuses_isRefusedByTheSchemaToo() throws Exception {
    String text = Files.readString(REFERENCE);
    for (String key : List.of("ram", "asidTagged", "quantum", "pattern", "pages", "noreserve")) {
      String bad = text.replaceFirst("(?m)^(\\s+)" + key + ":", "$1" + key + "X:");
      YNode root = yaml(bad);

      Throwable t = catchThrowable(() -> new Binder("r").bind(root, Experiment.class, ""));

      assertThat(t).as(key).isInstanceOf(InputError.class);
      assertThat(check(root, SCHEMA, "")).as(key).isNotEmpty();
    }
  }

  // ---- (d) determinism ------------------------------------------------------------------------

  @Test
  void generateJson_twice_givesIdenticalText_thatParsesBackToTheTree() throws Exception {
    String a = SchemaGenerator.generateJson(Experiment.class, "test");
    String b = SchemaGenerator.generateJson(Experiment.class, "test");

    assertThat(a).isEqualTo(b).endsWith("}\n").doesNotContain("\r");
    assertThat(new ObjectMapper().readTree(a)).isEqualTo(SCHEMA);
  }

  // ---- the patterns say what the parsers accept -----------------------------------------------

  @Test
  void sizePattern_matchesExactlyWhatByteSizeParses() {
    assertPatternAgrees(
        SchemaPatterns.SIZE,
        s -> ByteSize.parse(s),
        "4KiB",
        "16MiB",
        "2 GiB",
        "1tb",
        "512B",
        "5k",
        "0",
        "100pages",
        "1page",
        "10kpages",
        "10 K pages",
        "1_000pages",
        "100",
        "-4KiB",
        "1.5GiB",
        "4XiB",
        "pages",
        "10mpages",
        "KiB",
        "4ki");
  }

  @Test
  void durationPattern_matchesExactlyWhatSimDurationParses() {
    assertPatternAgrees(
        SchemaPatterns.DURATION,
        s -> SimDuration.parse(s),
        "500ns",
        "1.5us",
        "1.5\u00b5s",
        "10ms",
        "2s",
        "2 S",
        ".5ms",
        "1e3ns",
        "10",
        "-1ms",
        "10m",
        "1_000ms",
        "ms",
        "10 min");
  }

  @Test
  void numberPatterns_matchExactlyWhatTheBinderReads() {
    Binder binder = new Binder("t");
    assertPatternAgrees(
        SchemaPatterns.COUNT,
        s -> binder.bind(scalar(s), Long.class, "x"),
        "12",
        "-3",
        "+3",
        "1_000",
        "10k",
        "5M",
        "1G",
        "7B",
        " 10 k ",
        "10m",
        "-10k",
        "1.5",
        "k",
        "_",
        "12ab");
    assertPatternAgrees(
        SchemaPatterns.DECIMAL,
        s -> binder.bind(scalar(s), Double.class, "x"),
        "0.3",
        "30%",
        "30 %",
        ".5",
        "1e-3",
        "-2",
        "3.",
        "half",
        "30%%",
        "%");
    assertPatternAgrees(
        SchemaPatterns.BOOLEAN,
        s -> binder.bind(scalar(s), Boolean.class, "x"),
        "true",
        "FALSE",
        "True",
        "yes",
        "1",
        "truee");
    assertPatternAgrees(
        SchemaPatterns.COUNT_LIST,
        s -> binder.bind(scalar(s), Pages.class, "x"),
        "3 2 1 0",
        "3, 2, 1, 0",
        "3,2,1,0,",
        "10k 1",
        "-1 2",
        "7",
        ", 1",
        "1 2 x",
        "1.5 2");
  }

  // ---- the rules, on small records ------------------------------------------------------------

  /** A page list, to bind the one-scalar list form. */
  record Pages(List<Long> pages) {}

  /** A record used in two places and one written as its only component. */
  record Point(Long x, Long y) {}

  record Wrapped(SimDuration after) {}

  record Holder(Point inner) {}

  enum Colour {
    DARK_RED,
    BLUE
  }

  sealed interface Shape {
    record Circle(Long radius) implements Shape {}

    record Square(Long side) implements Shape {
      public Square {
        if (side == null) {
          throw new IllegalArgumentException("side: is required");
        }
      }
    }

    @YamlName("blob")
    record Nested(List<Shape> parts) implements Shape {}
  }

  record Root(
      @YamlDoc("where it starts") Point from,
      Point to,
      Wrapped wrapped,
      Holder holder,
      Colour colour,
      List<Shape> shapes,
      YNode raw,
      Map<String, Object> free) {}

  record Loop(String name, List<Loop> children) {}

  record Unbindable(Set<String> names) {}

  @Test
  void recordUsedTwice_goesToDefs_andIsReferenced_withTheComponentsDescriptionBesideTheRef() {
    ObjectNode s = SchemaGenerator.generate(Root.class, "r");

    assertThat(s.at("/$defs/Point/properties").has("x")).isTrue();
    assertThat(s.at("/properties/to/$ref").asText()).isEqualTo("#/$defs/Point");
    assertThat(s.at("/properties/from/$ref").asText()).isEqualTo("#/$defs/Point");
    assertThat(s.at("/properties/from/description").asText()).isEqualTo("where it starts");
  }

  @Test
  void oneComponentRecord_acceptsItsComponentsForm_butNeverAMapForIt() {
    ObjectNode s = SchemaGenerator.generate(Root.class, "r");

    assertThat(check(yaml("wrapped: 10ms"), s, "")).isEmpty();
    assertThat(check(yaml("wrapped: {after: 10ms}"), s, "")).isEmpty();
    assertThat(check(yaml("wrapped: ten"), s, "")).isNotEmpty();
    assertThat(check(yaml("holder: {x: 1, y: 2}"), s, "")).isNotEmpty();
    assertThat(check(yaml("holder: {inner: {x: 1, y: 2}}"), s, "")).isEmpty();
  }

  @Test
  void unionMember_thatNeedsNoKeys_canBeWrittenBare_andOthersCannot() {
    ObjectNode s = SchemaGenerator.generate(Root.class, "r");

    assertThat(check(yaml("shapes: [circle, {square: {side: 2}}, {blob: [circle]}]"), s, ""))
        .isEmpty();
    assertThat(check(yaml("shapes: [square]"), s, "")).isNotEmpty();
    assertThat(check(yaml("shapes: [{circle: {radius: 1}, square: {side: 1}}]"), s, ""))
        .isNotEmpty();
    assertThat(constants(s)).containsExactlyInAnyOrder("blob", "circle");
  }

  @Test
  void enum_listsItsConstantsInKebabCase_andRawYamlTakesAnything() {
    ObjectNode s = SchemaGenerator.generate(Root.class, "r");

    assertThat(s.at("/properties/colour/enum").toString()).isEqualTo("[\"dark-red\",\"blue\"]");
    assertThat(s.at("/properties/raw").isEmpty()).isTrue();
    assertThat(s.at("/properties/free/type").asText()).isEqualTo("object");
    assertThat(check(yaml("raw: [1, {a: b}]\nfree: {any: [1]}"), s, "")).isEmpty();
  }

  @Test
  void recursiveRoot_refersToItselfWithTheRootPointer() {
    ObjectNode s = SchemaGenerator.generate(Loop.class, "loop");

    assertThat(s.at("/properties/children/items/$ref").asText()).isEqualTo("#");
    assertThat(check(yaml("name: a\nchildren: [{name: b, children: [{name: c}]}]"), s, ""))
        .isEmpty();
  }

  @Test
  void typeTheBinderCannotBind_fails() {
    assertThatThrownBy(() -> SchemaGenerator.generate(Unbindable.class, "u"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Set");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static YNode yaml(String text) {
    return new YamlReader().read("t.yaml", text);
  }

  private static YNode scalar(String text) {
    return new YNode.Scalar(text, true, 1, 1);
  }

  /** Asserts that the pattern matches a sample exactly when the parser accepts it. */
  private static void assertPatternAgrees(
      String regex, Consumer<String> parser, String... samples) {
    Pattern p = Pattern.compile(regex);
    for (String sample : samples) {
      boolean parses;
      try {
        parser.accept(sample);
        parses = true;
      } catch (IllegalArgumentException | InputError e) {
        parses = false;
      }
      assertThat(p.matcher(sample).matches())
          .as("'" + sample + "' against " + regex)
          .isEqualTo(parses);
    }
  }

  /** Records, sealed interfaces and their members reachable from {@code root}. */
  private static Set<Class<?>> reachable(Class<?> root) {
    Set<Class<?>> out = new LinkedHashSet<>();
    collect(root, out);
    return out;
  }

  private static void collect(Type t, Set<Class<?>> out) {
    if (t instanceof ParameterizedType pt) {
      for (Type arg : pt.getActualTypeArguments()) {
        collect(arg, out);
      }
      return;
    }
    if (!(t instanceof Class<?> c) || c == YNode.class || !out.add(c)) {
      return;
    }
    if (c.isSealed() && c.isInterface()) {
      for (Class<?> member : c.getPermittedSubclasses()) {
        collect(member, out);
      }
    } else if (c.isRecord() && !SchemaGenerator.isValueType(c)) {
      for (RecordComponent rc : c.getRecordComponents()) {
        collect(rc.getGenericType(), out);
      }
    }
  }

  /** The keys a {@link YamlOtherKeys} component's source declares, each once, in its order. */
  private static List<String> otherKeys(RecordComponent rc) {
    Set<String> keys = new LinkedHashSet<>();
    try {
      rc.getAnnotation(YamlOtherKeys.class)
          .value()
          .getDeclaredConstructor()
          .newInstance()
          .keys()
          .values()
          .forEach(specs -> specs.forEach(s -> keys.add(s.key())));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    return new ArrayList<>(keys);
  }

  private static boolean isUnionWrapper(JsonNode n) {
    return n.has("required") && n.has("properties") && n.get("properties").size() == 1;
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Set<String> constants(JsonNode schema) {
    Set<String> out = new LinkedHashSet<>();
    eachNode(
        schema,
        n -> {
          if (n.has("const")) {
            out.add(n.get("const").asText());
          }
        });
    return out;
  }

  /** Visits every schema object in the tree (not the values of keywords like "enum"). */
  private static void eachNode(JsonNode n, Consumer<JsonNode> visit) {
    if (n.isArray()) {
      n.forEach(item -> eachNode(item, visit));
      return;
    }
    if (!n.isObject()) {
      return;
    }
    visit.accept(n);
    n.fields()
        .forEachRemaining(
            f -> {
              switch (f.getKey()) {
                case "properties", "$defs" -> f.getValue().forEach(v -> eachNode(v, visit));
                case "items", "not", "anyOf", "oneOf", "allOf" -> eachNode(f.getValue(), visit);
                default -> {}
              }
            });
  }

  private static JsonNode deref(String ref) {
    return deref(SCHEMA, ref);
  }

  private static JsonNode deref(JsonNode root, String ref) {
    if (ref.equals("#")) {
      return root;
    }
    JsonNode n = root.at(ref.substring(1));
    return n.isMissingNode() ? null : n;
  }

  // A small validator for the keywords the generator writes; enough to walk a YAML tree.

  private static List<String> check(YNode node, JsonNode s, String path) {
    return new Walker(s).check(node, s, path);
  }

  /** Checks a YNode against a schema; returns the problems found, empty when it conforms. */
  private record Walker(JsonNode root) {
    List<String> check(YNode node, JsonNode s, String path) {
      List<String> problems = new ArrayList<>();
      if (s.has("$ref")) {
        JsonNode target = deref(root, s.get("$ref").asText());
        if (target == null) {
          problems.add(path + ": dangling " + s.get("$ref"));
        } else {
          problems.addAll(check(node, target, path));
        }
      }
      if (s.has("allOf")) {
        s.get("allOf").forEach(sub -> problems.addAll(check(node, sub, path)));
      }
      if (s.has("anyOf")) {
        problems.addAll(best(node, s.get("anyOf"), path, false));
      }
      if (s.has("oneOf")) {
        problems.addAll(best(node, s.get("oneOf"), path, true));
      }
      if (s.has("not") && check(node, s.get("not"), path).isEmpty()) {
        problems.add(path + ": must not be " + s.get("not"));
      }
      String kind = kind(node);
      if (s.has("type") && !typeAllows(s.get("type"), kind)) {
        problems.add(path + ": " + kind + " where " + s.get("type") + " is expected");
        return problems;
      }
      String text = node instanceof YNode.Scalar sc ? sc.text() : null;
      if (s.has("const") && !s.get("const").asText().equals(text)) {
        problems.add(path + ": not " + s.get("const"));
      }
      if (s.has("enum")) {
        boolean found = false;
        for (JsonNode v : s.get("enum")) {
          found |= v.asText().equals(text);
        }
        if (!found) {
          problems.add(path + ": '" + text + "' not in " + s.get("enum"));
        }
      }
      if (s.has("pattern")
          && kind.equals("string")
          && !Pattern.compile(s.get("pattern").asText()).matcher(text).find()) {
        problems.add(path + ": '" + text + "' does not match " + s.get("pattern"));
      }
      if (node instanceof YNode.Mapping m) {
        JsonNode props = s.get("properties");
        for (YNode.Entry e : m.entries().values()) {
          String at = path.isEmpty() ? e.key() : path + "." + e.key();
          if (props != null && props.has(e.key())) {
            problems.addAll(check(e.value(), props.get(e.key()), at));
          } else if (s.has("additionalProperties") && !s.get("additionalProperties").asBoolean()) {
            problems.add(at + ": unknown key at " + e.line() + ":" + e.column());
          }
        }
        if (s.has("required")) {
          for (JsonNode r : s.get("required")) {
            if (!m.entries().containsKey(r.asText())) {
              problems.add(path + ": missing " + r.asText());
            }
          }
        }
      }
      if (node instanceof YNode.Seq q && s.has("items")) {
        for (int i = 0; i < q.items().size(); i++) {
          problems.addAll(check(q.items().get(i), s.get("items"), path + "[" + i + "]"));
        }
      }
      return problems;
    }

    /** The problems of the closest alternative, or none when one (exactly one) conforms. */
    private List<String> best(YNode node, JsonNode alternatives, String path, boolean exactlyOne) {
      List<String> closest = null;
      int matches = 0;
      for (JsonNode alt : alternatives) {
        List<String> p = check(node, alt, path);
        if (p.isEmpty()) {
          matches++;
        } else if (closest == null || p.size() < closest.size()) {
          closest = p;
        }
      }
      if (matches == 0) {
        return closest == null ? List.of(path + ": no alternatives") : closest;
      }
      if (exactlyOne && matches > 1) {
        return List.of(path + ": matches " + matches + " alternatives of a oneOf");
      }
      return List.of();
    }

    private static String kind(YNode node) {
      if (node instanceof YNode.Mapping) {
        return "object";
      }
      if (node instanceof YNode.Seq) {
        return "array";
      }
      YNode.Scalar s = (YNode.Scalar) node;
      if (s.text() == null) {
        return "null";
      }
      if (s.isString()) {
        return "string";
      }
      if (s.text().equalsIgnoreCase("true") || s.text().equalsIgnoreCase("false")) {
        return "boolean";
      }
      if (s.text().matches("[-+]?[0-9]+")) {
        return "integer";
      }
      try {
        Double.parseDouble(s.text());
        return "number";
      } catch (NumberFormatException e) {
        return "string";
      }
    }

    private static boolean typeAllows(JsonNode type, String kind) {
      for (JsonNode t : type.isArray() ? type : List.of(type)) {
        if (t.asText().equals(kind) || (t.asText().equals("number") && kind.equals("integer"))) {
          return true;
        }
      }
      return false;
    }
  }
}

package org.vmcompare.workload;

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
import org.vmcompare.yaml.Binder;
import org.vmcompare.yaml.YNode;
import org.vmcompare.yaml.YamlOtherKeys;
import org.vmcompare.yaml.YamlWriter;

/**
 * {@code sweep:} keys of the experiment with a list of values each ({@code machine.ram: [256MiB,
 * 1GiB]}) or a range ({@code 128MiB..2GiB x2} doubling, {@code 100..500 +100} stepping). Points are
 * the cartesian product, in key order; each point is the experiment file with those values put in,
 * checked like any experiment, so a bad value is reported at the sweep line.
 */
final class Sweep {
  private static final int MAX_POINTS = 10_000;

  private final String file;

  Sweep(String file) {
    this.file = file;
  }

  /**
   * One key being swept: its path, the type at each step of the path (for expanding short forms),
   * where it is written, and its values as text.
   */
  record Axis(
      String key, List<String> path, List<Type> types, YNode.Entry entry, List<String> values) {}

  List<Axis> axes(YNode sweep) {
    if (sweep == null || (sweep instanceof YNode.Scalar s && s.text() == null)) {
      return List.of();
    }
    if (!(sweep instanceof YNode.Mapping m)) {
      throw new InputError(
          file,
          sweep.line(),
          sweep.column(),
          "sweep",
          "expected a map of key: values, e.g. 'machine.ram: [256MiB, 1GiB]'");
    }
    List<Axis> axes = new ArrayList<>();
    long points = 1;
    for (YNode.Entry e : m.entries().values()) {
      List<String> path = parsePath(e);
      List<Type> types = checkPath(e, path);
      List<String> values = values(e);
      points *= values.size();
      if (points > MAX_POINTS) {
        throw at(e, "sweep." + e.key(), "the sweep has more than " + MAX_POINTS + " points");
      }
      axes.add(new Axis(e.key(), path, types, e, values));
    }
    return axes;
  }

  /** Every combination of values, first key varying slowest. */
  static List<Map<String, String>> points(List<Axis> axes) {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Axis a : axes) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> p : out) {
        for (String v : a.values()) {
          Map<String, String> q = new LinkedHashMap<>(p);
          q.put(a.key(), v);
          next.add(q);
        }
      }
      out = next;
    }
    return out;
  }

  /** The document with one point's values written in (at the sweep lines, for messages). */
  YNode apply(YNode root, List<Axis> axes, Map<String, String> point) {
    YNode out = root;
    for (Axis a : axes) {
      YNode value =
          new YNode.Scalar(
              point.get(a.key()), false, a.entry().value().line(), a.entry().value().column());
      out = put(out, a, 0, value);
    }
    if (out instanceof YNode.Mapping m) {
      LinkedHashMap<String, YNode.Entry> entries = new LinkedHashMap<>(m.entries());
      entries.remove("sweep");
      out = new YNode.Mapping(entries, m.line(), m.column());
    }
    return out;
  }

  private YNode put(YNode node, Axis axis, int i, YNode value) {
    List<String> path = axis.path();
    if (i == path.size()) {
      return value;
    }
    node = expandShortForm(node, axis.types().get(i));
    String part = path.get(i);
    if (part.startsWith("[")) {
      int idx = Integer.parseInt(part.substring(1, part.length() - 1));
      if (!(node instanceof YNode.Seq seq) || idx >= seq.items().size()) {
        throw at(
            axis.entry(),
            "sweep." + axis.key(),
            "'" + display(path.subList(0, i)) + "' has no item " + idx + " in this file");
      }
      List<YNode> items = new ArrayList<>(seq.items());
      items.set(idx, put(items.get(idx), axis, i + 1, value));
      return new YNode.Seq(items, seq.line(), seq.column());
    }
    LinkedHashMap<String, YNode.Entry> entries = new LinkedHashMap<>();
    int line = value.line();
    int col = value.column();
    if (node instanceof YNode.Mapping m) {
      entries.putAll(m.entries());
      line = m.line();
      col = m.column();
    } else if (node instanceof YNode.Scalar sc && sc.text() != null) {
      throw at(
          axis.entry(),
          "sweep." + axis.key(),
          "'"
              + display(path.subList(0, i))
              + "' is a single value in this file, it has no '"
              + part
              + "'");
    }
    YNode.Entry old = entries.get(part);
    YNode child = old == null ? new YNode.Scalar(null, false, line, col) : old.value();
    entries.put(
        part,
        new YNode.Entry(
            part,
            old == null ? value.line() : old.line(),
            old == null ? value.column() : old.column(),
            put(child, axis, i + 1, value)));
    return new YNode.Mapping(entries, line, col);
  }

  /**
   * A value written in a short form ({@code - textbook} for a system, {@code - exit} for a step)
   * becomes its full map, so a sweep can set a key inside it.
   */
  private YNode expandShortForm(YNode node, Type type) {
    if (!(node instanceof YNode.Scalar sc) || sc.text() == null) {
      return node;
    }
    Class<?> raw =
        type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
    if (raw.isSealed() && raw.isInterface()) {
      LinkedHashMap<String, YNode.Entry> entries = new LinkedHashMap<>();
      entries.put(
          sc.text(),
          new YNode.Entry(
              sc.text(),
              sc.line(),
              sc.column(),
              new YNode.Scalar(null, false, sc.line(), sc.column())));
      return new YNode.Mapping(entries, sc.line(), sc.column());
    }
    if (raw.isRecord()) {
      Object bound = new Binder(file).bind(node, raw, "sweep");
      return toNode(YamlWriter.plain(bound), sc.line(), sc.column());
    }
    return node;
  }

  private static YNode toNode(Object plain, int line, int col) {
    if (plain instanceof Map<?, ?> map) {
      LinkedHashMap<String, YNode.Entry> entries = new LinkedHashMap<>();
      map.forEach(
          (k, v) ->
              entries.put(
                  String.valueOf(k),
                  new YNode.Entry(String.valueOf(k), line, col, toNode(v, line, col))));
      return new YNode.Mapping(entries, line, col);
    }
    if (plain instanceof List<?> list) {
      List<YNode> items = new ArrayList<>();
      for (Object o : list) {
        items.add(toNode(o, line, col));
      }
      return new YNode.Seq(items, line, col);
    }
    return new YNode.Scalar(plain == null ? null : String.valueOf(plain), true, line, col);
  }

  /** processes[0].steps[1] rather than processes.[0].steps.[1]. */
  private static String display(List<String> path) {
    StringBuilder sb = new StringBuilder();
    for (String p : path) {
      if (!p.startsWith("[") && sb.length() > 0) {
        sb.append('.');
      }
      sb.append(p);
    }
    return sb.toString();
  }

  private List<String> parsePath(YNode.Entry e) {
    List<String> out = new ArrayList<>();
    for (String part : e.key().split("\\.")) {
      int b = part.indexOf('[');
      String name = b < 0 ? part : part.substring(0, b);
      if (name.isEmpty()) {
        throw at(e, "sweep." + e.key(), "'" + e.key() + "' is not a key path like machine.ram");
      }
      out.add(name);
      while (b >= 0) {
        int close = part.indexOf(']', b);
        if (close < 0) {
          throw at(e, "sweep." + e.key(), "unclosed [ in '" + e.key() + "'");
        }
        String idx = part.substring(b + 1, close);
        if (!idx.chars().allMatch(Character::isDigit) || idx.isEmpty()) {
          throw at(e, "sweep." + e.key(), "'" + idx + "' is not a list index");
        }
        out.add("[" + idx + "]");
        b = part.indexOf('[', close);
      }
    }
    return out;
  }

  /**
   * Follows the record types from Experiment so a misspelt key fails at the sweep line; returns the
   * type found before each path element.
   */
  private List<Type> checkPath(YNode.Entry e, List<String> path) {
    List<Type> types = new ArrayList<>();
    Type type = Experiment.class;
    for (int i = 0; i < path.size(); i++) {
      types.add(type);
      String part = path.get(i);
      Class<?> raw =
          type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
      String here = display(path.subList(0, i));
      if (part.startsWith("[")) {
        if (raw != List.class) {
          throw at(e, "sweep." + e.key(), "'" + here + "' is not a list");
        }
        type = ((ParameterizedType) type).getActualTypeArguments()[0];
        continue;
      }
      if (raw == YNode.class || raw == Map.class) {
        // System options: checked by the system's own option list when the point loads.
        for (int j = i + 1; j < path.size(); j++) {
          types.add(Object.class);
        }
        return types;
      }
      if (raw.isSealed() && raw.isInterface()) {
        Map<String, Class<?>> tags = Binder.tags(raw);
        Class<?> member = tags.get(part);
        if (member == null) {
          String suggestion = Suggest.closest(part, tags.keySet());
          throw at(
              e,
              "sweep." + e.key(),
              "'"
                  + here
                  + "' is a step; '"
                  + part
                  + "' is not a"
                  + " step name"
                  + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                  + "; write the step's name, e.g. processes[0].steps[0].allocate.size");
        }
        type = member;
        continue;
      }
      if (!raw.isRecord()) {
        throw at(e, "sweep." + e.key(), "'" + here + "' has no keys inside it");
      }
      List<String> names = new ArrayList<>();
      RecordComponent found = null;
      for (RecordComponent rc : raw.getRecordComponents()) {
        if (rc.isAnnotationPresent(YamlOtherKeys.class)) {
          continue; // its name is not a key; its keys are any the others do not name
        }
        names.add(rc.getName());
        if (rc.getName().equals(part)) {
          found = rc;
        }
      }
      if (found == null && !part.equals("sweep") && hasOtherKeys(raw)) {
        // A per-process option: checked against the systems' own lists when the point loads.
        for (int j = i + 1; j < path.size(); j++) {
          types.add(Object.class);
        }
        return types;
      }
      if (found == null || part.equals("sweep")) {
        String suggestion = Suggest.closest(part, names);
        throw at(
            e,
            "sweep." + e.key(),
            "no key '"
                + part
                + "' here"
                + (suggestion == null ? "" : " (did you mean '" + suggestion + "'?)")
                + "; valid: "
                + String.join(", ", names));
      }
      type = found.getGenericType();
    }
    return types;
  }

  private static boolean hasOtherKeys(Class<?> record) {
    for (RecordComponent rc : record.getRecordComponents()) {
      if (rc.isAnnotationPresent(YamlOtherKeys.class)) {
        return true;
      }
    }
    return false;
  }

  private List<String> values(YNode.Entry e) {
    YNode v = e.value();
    if (v instanceof YNode.Seq s) {
      List<String> out = new ArrayList<>();
      for (YNode item : s.items()) {
        if (!(item instanceof YNode.Scalar sc) || sc.text() == null) {
          throw at(e, "sweep." + e.key(), "sweep values must be single values, got " + item.kind());
        }
        out.add(sc.text());
      }
      if (out.isEmpty()) {
        throw at(e, "sweep." + e.key(), "the list of values is empty");
      }
      return out;
    }
    if (v instanceof YNode.Scalar sc && sc.text() != null && sc.text().contains("..")) {
      return range(e, sc.text());
    }
    throw at(
        e,
        "sweep." + e.key(),
        "expected a list of values or a range like '128MiB..2GiB x2' or '100..500 +100'");
  }

  private List<String> range(YNode.Entry e, String text) {
    String key = "sweep." + e.key();
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 2 || !(parts[1].startsWith("x") || parts[1].startsWith("+"))) {
      throw at(
          e,
          key,
          "'"
              + text
              + "' is not a range; write '128MiB..2GiB x2' (multiply) or"
              + " '100..500 +100' (add)");
    }
    String[] ends = parts[0].split("\\.\\.");
    if (ends.length != 2) {
      throw at(e, key, "'" + parts[0] + "' needs two ends, like 128MiB..2GiB");
    }
    boolean bytes = hasByteUnit(ends[0]) || hasByteUnit(ends[1]);
    long from = number(e, ends[0], bytes);
    long to = number(e, ends[1], bytes);
    String stepText = parts[1].substring(1);
    List<String> out = new ArrayList<>();
    if (parts[1].startsWith("x")) {
      double factor;
      try {
        factor = Double.parseDouble(stepText);
      } catch (NumberFormatException ex) {
        throw at(e, key, "'" + stepText + "' is not a factor");
      }
      if (factor <= 1 || from <= 0) {
        throw at(e, key, "a multiplying range needs a start above 0 and a factor above 1");
      }
      for (double x = from; x <= to && out.size() <= MAX_POINTS; x *= factor) {
        out.add(format(Math.round(x), bytes));
      }
    } else {
      long step = number(e, stepText, bytes);
      if (step <= 0) {
        throw at(e, key, "the step must be positive");
      }
      for (long x = from; x <= to && out.size() <= MAX_POINTS; x += step) {
        out.add(format(x, bytes));
      }
    }
    if (out.isEmpty()) {
      throw at(e, key, "the range '" + text + "' has no values (is the start above the end?)");
    }
    return out;
  }

  private static boolean hasByteUnit(String s) {
    String t = s.toLowerCase(Locale.ROOT);
    return t.endsWith("b")
        || t.endsWith("kib")
        || t.endsWith("mib")
        || t.endsWith("gib")
        || t.endsWith("tib");
  }

  private long number(YNode.Entry e, String s, boolean bytes) {
    try {
      return bytes ? Quantities.parseBytes(s) : Quantities.parseCount(s);
    } catch (IllegalArgumentException ex) {
      throw at(e, "sweep." + e.key(), ex.getMessage());
    }
  }

  private static String format(long v, boolean bytes) {
    return bytes ? Quantities.formatBytes(v) : Long.toString(v);
  }

  private InputError at(YNode.Entry e, String path, String problem) {
    return new InputError(file, e.line(), e.column(), path, problem);
  }
}

package org.vmcompare.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value with the place it was written, so a problem found long after parsing (a bad size, an
 * unknown region) can still be reported at {@code FILE:LINE:COL}.
 */
public sealed interface YNode {
  int line();

  int column();

  /** A short word for error messages: "a map", "a list", "a string". */
  String kind();

  /** A scalar; {@code text} is null for YAML null / an empty value. */
  record Scalar(String text, boolean isString, int line, int column) implements YNode {
    @Override
    public String kind() {
      if (text == null) {
        return "nothing";
      }
      return isString ? "the text '" + text + "'" : "the value " + text;
    }
  }

  /** A list. */
  record Seq(List<YNode> items, int line, int column) implements YNode {
    public Seq {
      items = List.copyOf(items);
    }

    @Override
    public String kind() {
      return "a list";
    }
  }

  /** A map; keys keep their own location for "unknown key" errors. */
  record Mapping(LinkedHashMap<String, Entry> entries, int line, int column) implements YNode {
    @Override
    public String kind() {
      return "a map";
    }

    public Map<String, Entry> asMap() {
      return entries;
    }
  }

  /** One map entry: key text and location, and its value. */
  record Entry(String key, int line, int column, YNode value) {}
}

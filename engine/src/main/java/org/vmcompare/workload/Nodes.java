package org.vmcompare.workload;

import org.vmcompare.yaml.YNode;

/** Navigation in the located YAML tree, tolerant of missing parts (then null). */
final class Nodes {
  private Nodes() {}

  static YNode child(YNode node, String key) {
    if (node instanceof YNode.Mapping m) {
      YNode.Entry e = m.entries().get(key);
      return e == null ? null : e.value();
    }
    return null;
  }

  static YNode item(YNode node, int i) {
    if (node instanceof YNode.Seq s && i < s.items().size()) {
      return s.items().get(i);
    }
    return node;
  }

  /** Where a step's name is written ({@code - allocate:} or {@code - exit}). */
  static YNode stepTag(YNode steps, int i) {
    YNode n = item(steps, i);
    if (n instanceof YNode.Mapping m && m.entries().size() == 1) {
      YNode.Entry e = m.entries().values().iterator().next();
      return new YNode.Scalar(e.key(), true, e.line(), e.column());
    }
    return n;
  }

  /** A step's arguments (the map after its name), or null. */
  static YNode stepBody(YNode steps, int i) {
    YNode n = item(steps, i);
    if (n instanceof YNode.Mapping m && m.entries().size() == 1) {
      return m.entries().values().iterator().next().value();
    }
    return null;
  }
}

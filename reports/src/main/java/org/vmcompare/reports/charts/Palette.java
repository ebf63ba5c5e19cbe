package org.vmcompare.reports.charts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vmcompare.reports.ExperimentReport;

/**
 * One colour per system variant, by the variant's position in the report, so "LRU" is the same
 * colour in the fault bars, the memory lines and the sweep curves. The Okabe–Ito colours, which
 * people with the common colour-vision deficiencies can still tell apart, then Tableau's. The two
 * blues are kept apart (first and seventh: six systems, as in the default experiment, never meet
 * both) and the yellow, faint on white, comes last.
 */
public final class Palette {
  private static final List<Color> COLOURS =
      List.of(
          new Color(0x0072B2),
          new Color(0xE69F00),
          new Color(0x009E73),
          new Color(0xCC79A7),
          new Color(0xD55E00),
          new Color(0x000000),
          new Color(0x56B4E9),
          new Color(0xF0E442),
          new Color(0x4E79A7),
          new Color(0xF28E2B),
          new Color(0x59A14F),
          new Color(0xB07AA1));

  private Palette() {}

  /** The colour of the {@code i}-th variant (cycling after twelve). */
  public static Color of(int i) {
    return COLOURS.get(Math.floorMod(i, COLOURS.size()));
  }

  /**
   * The palette index of each column of the report: its system variant's position among the
   * variants, so in a sweep every point of "LRU" has LRU's colour.
   */
  static Map<String, Integer> columns(ExperimentReport report) {
    List<String> labels = labels(report);
    Map<String, Integer> out = new LinkedHashMap<>();
    report
        .byLabel()
        .forEach((column, runs) -> out.put(column, labels.indexOf(runs.get(0).label())));
    return out;
  }

  /** The system variants' labels, in the report's order. */
  static List<String> labels(ExperimentReport report) {
    List<String> labels = new ArrayList<>();
    report
        .results()
        .forEach(
            r -> {
              if (!labels.contains(r.label())) {
                labels.add(r.label());
              }
            });
    return labels;
  }

  /** {@code #rrggbb}, for the HTML legend swatches. */
  public static String hex(int i) {
    Color c = of(i);
    return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }
}

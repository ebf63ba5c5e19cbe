package org.vmcompare.reports.charts;

import java.awt.Color;
import java.util.List;

/**
 * One colour per system variant, by the variant's position in the report, so "LRU" is the same
 * colour in the fault bars, the memory lines and the sweep curves. The Okabe–Ito colours, which
 * people with the common colour-vision deficiencies can still tell apart, then Tableau's.
 */
public final class Palette {
  private static final List<Color> COLOURS =
      List.of(
          new Color(0x0072B2),
          new Color(0xE69F00),
          new Color(0x009E73),
          new Color(0xCC79A7),
          new Color(0x56B4E9),
          new Color(0xD55E00),
          new Color(0xF0E442),
          new Color(0x000000),
          new Color(0x4E79A7),
          new Color(0xF28E2B),
          new Color(0x59A14F),
          new Color(0xB07AA1));

  /** Fault kinds, stacked: zero fill, copy-on-write, other minor, major. */
  static final List<Color> KINDS =
      List.of(new Color(0x9ECAE1), new Color(0x3182BD), new Color(0xC6DBEF), new Color(0xD94801));

  private Palette() {}

  /** The colour of the {@code i}-th variant (cycling after twelve). */
  public static Color of(int i) {
    return COLOURS.get(Math.floorMod(i, COLOURS.size()));
  }

  /** {@code #rrggbb}, for the HTML legend swatches. */
  public static String hex(int i) {
    Color c = of(i);
    return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
  }
}

package org.vmcompare.reports;

import java.util.List;

/** Fixed-width text tables: first column left-aligned, the others right-aligned. */
public final class TextTable {
  private TextTable() {}

  public static String render(List<String[]> rows) {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] row : rows) {
      for (int c = 0; c < cols; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int r = 0; r < rows.size(); r++) {
      String[] row = rows.get(r);
      for (int c = 0; c < cols; c++) {
        if (c == 0) {
          sb.append(pad(row[c], width[c], false));
        } else {
          sb.append("  ").append(pad(row[c], width[c], true));
        }
      }
      sb.append('\n');
      if (r == 0) {
        int total = 0;
        for (int w : width) {
          total += w;
        }
        sb.append("-".repeat(total + 2 * (cols - 1))).append('\n');
      }
    }
    return sb.toString();
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}

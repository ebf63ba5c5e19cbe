package org.vmcompare.reports.doc;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a report document as one self-contained HTML page: styles inline, charts as inline SVG,
 * no script, no font and no image fetched from anywhere, so the file can be mailed or archived and
 * still show everything.
 */
public final class Html {
  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
        max-width:980px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
      h1{font-size:1.7em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}
      table{border-collapse:collapse;margin:.8em 0;font-size:.92em}
      th,td{padding:.3em .7em;border-bottom:1px solid #e4e4e4;vertical-align:top}
      th{background:#f4f4f4;text-align:left}td.n,th.n{text-align:right;white-space:nowrap}
      td:first-child{white-space:nowrap}.scroll{overflow-x:auto}
      td .q{display:block;color:#666;font-size:.88em}
      pre{background:#f7f7f7;padding:.7em;overflow-x:auto;font-size:.85em}
      code{background:#f2f2f2;padding:0 .2em}
      figure{margin:1.2em 0}figcaption{color:#555;font-size:.9em}
      details{margin:.4em 0}summary{cursor:pointer;font-weight:600}
      .swatch{display:inline-block;width:.8em;height:.8em;margin-right:.3em;border-radius:2px}
      """;

  /** "sd 12.3, 100–130": the range first, the standard deviation below it. */
  private static final Pattern SPREAD = Pattern.compile("sd (.+?), (.+)");

  /** "value ± half-width" or "verdict (p = 0.03)". */
  private static final Pattern QUALIFIED = Pattern.compile("(.+?) ((?:± .+)|(?:\\([^()]*\\)))");

  private Html() {}

  /** The whole page. */
  public static String render(String title, List<Block> blocks) {
    StringBuilder sb = new StringBuilder();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    sb.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    sb.append("<title>").append(escape(title)).append("</title>\n");
    sb.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    for (Block b : blocks) {
      block(sb, b);
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void block(StringBuilder sb, Block b) {
    if (b instanceof Block.Heading h) {
      sb.append("<h").append(h.level()).append(" id=\"").append(escape(h.id())).append("\">");
      sb.append(inline(h.text())).append("</h").append(h.level()).append(">\n");
    } else if (b instanceof Block.Para p) {
      sb.append("<p>").append(inline(p.text())).append("</p>\n");
    } else if (b instanceof Block.Bullets l) {
      sb.append("<ul>\n");
      for (String item : l.items()) {
        sb.append("<li>").append(inline(item)).append("</li>\n");
      }
      sb.append("</ul>\n");
    } else if (b instanceof Block.Table t) {
      table(sb, t);
    } else if (b instanceof Block.Code c) {
      sb.append("<pre>").append(escape(c.text().stripTrailing())).append("</pre>\n");
    } else if (b instanceof Block.Figure f) {
      sb.append("<figure id=\"").append(escape(f.chart().id())).append("\">\n");
      sb.append("<h3>").append(escape(f.chart().title())).append("</h3>\n");
      sb.append(f.chart().svg()).append('\n');
      sb.append("<figcaption>").append(inline(f.chart().caption())).append("</figcaption>\n");
      sb.append("</figure>\n");
    } else if (b instanceof Block.Folded f) {
      sb.append("<details><summary>").append(inline(f.summary())).append("</summary>\n");
      for (Block inner : f.blocks()) {
        block(sb, inner);
      }
      sb.append("</details>\n");
    }
  }

  private static void table(StringBuilder sb, Block.Table t) {
    sb.append("<div class=\"scroll\"><table>\n<thead><tr>");
    for (int i = 0; i < t.header().size(); i++) {
      sb.append(i < t.textColumns() ? "<th>" : "<th class=\"n\">")
          .append(inline(t.header().get(i)))
          .append("</th>");
    }
    sb.append("</tr></thead>\n<tbody>\n");
    for (List<String> r : t.rows()) {
      sb.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        sb.append(i < t.textColumns() ? "<td>" : "<td class=\"n\">")
            .append(i < t.textColumns() ? inline(r.get(i)) : number(r.get(i)))
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</tbody>\n</table></div>\n");
  }

  /**
   * A number cell, its qualifier ("± 297.0", "(p < 0.001)") on a second, quieter line, so a table
   * of five or six systems fits the page instead of scrolling sideways.
   */
  static String number(String cell) {
    Matcher spread = SPREAD.matcher(cell);
    if (spread.matches()) {
      return inline(spread.group(2))
          + "<span class=\"q\">sd "
          + inline(spread.group(1))
          + "</span>";
    }
    Matcher m = QUALIFIED.matcher(cell);
    if (!m.matches()) {
      return inline(cell);
    }
    return inline(m.group(1)) + "<span class=\"q\">" + inline(m.group(2)) + "</span>";
  }

  /** Escapes text, then turns {@code **bold**} and {@code `code`} into elements. */
  static String inline(String text) {
    String s = escape(text);
    s = s.replaceAll("\\*\\*(.+?)\\*\\*", "<strong>$1</strong>");
    s = s.replaceAll("`([^`]+)`", "<code>$1</code>");
    return s;
  }

  /** HTML-escapes {@code & < > "}. */
  public static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}

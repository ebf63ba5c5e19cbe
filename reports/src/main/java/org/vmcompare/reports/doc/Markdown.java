package org.vmcompare.reports.doc;

import java.util.List;

/** Renders a report document as GitHub-flavoured Markdown. */
public final class Markdown {
  private Markdown() {}

  public static String render(List<Block> blocks) {
    StringBuilder sb = new StringBuilder();
    for (Block b : blocks) {
      block(sb, b);
    }
    return sb.toString().stripTrailing() + "\n";
  }

  private static void block(StringBuilder sb, Block b) {
    if (b instanceof Block.Heading h) {
      sb.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
    } else if (b instanceof Block.Para p) {
      sb.append(p.text()).append("\n\n");
    } else if (b instanceof Block.Bullets l) {
      for (String item : l.items()) {
        sb.append("- ").append(item).append('\n');
      }
      sb.append('\n');
    } else if (b instanceof Block.Table t) {
      table(sb, t);
    } else if (b instanceof Block.Code c) {
      String fence = c.text().contains("```") ? "~~~~" : "```";
      sb.append(fence).append('\n').append(c.text().stripTrailing()).append('\n');
      sb.append(fence).append("\n\n");
    } else if (b instanceof Block.Figure f) {
      sb.append("*Chart: ").append(f.chart().title()).append(" (in report.html).* ");
      sb.append(f.chart().caption()).append("\n\n");
    } else if (b instanceof Block.Folded f) {
      sb.append("**").append(f.summary()).append("**\n\n");
      for (Block inner : f.blocks()) {
        block(sb, inner);
      }
    }
  }

  private static void table(StringBuilder sb, Block.Table t) {
    row(sb, t.header());
    sb.append('|');
    for (int i = 0; i < t.header().size(); i++) {
      sb.append(i < t.textColumns() ? "---|" : "---:|");
    }
    sb.append('\n');
    for (List<String> r : t.rows()) {
      row(sb, r);
    }
    sb.append('\n');
  }

  private static void row(StringBuilder sb, List<String> cells) {
    sb.append('|');
    for (String c : cells) {
      sb.append(' ').append(c.replace("|", "\\|").replace("\n", " ")).append(" |");
    }
    sb.append('\n');
  }
}

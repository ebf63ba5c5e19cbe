package org.vmcompare.reports.doc;

import java.util.List;
import java.util.Objects;
import org.vmcompare.reports.charts.Chart;

/**
 * One block of a report document. Text may use {@code **bold**} and {@code `code`}, which both
 * renderers understand; everything else is plain text, escaped by the HTML renderer.
 */
public sealed interface Block {
  /** A section heading, level 1 to 4. */
  record Heading(int level, String text, String id) implements Block {
    public Heading {
      Objects.requireNonNull(text, "text is null");
      Objects.requireNonNull(id, "id is null");
    }
  }

  /** A paragraph. */
  record Para(String text) implements Block {
    public Para {
      Objects.requireNonNull(text, "text is null");
    }
  }

  /** A bullet list. */
  record Bullets(List<String> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  /**
   * A table: the first {@code textColumns} columns left-aligned (names, states), the others
   * right-aligned (they hold numbers).
   */
  record Table(List<String> header, List<List<String>> rows, int textColumns) implements Block {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
      if (textColumns < 1 || textColumns > header.size()) {
        throw new IllegalArgumentException(
            "textColumns must be 1 to " + header.size() + ", got " + textColumns);
      }
    }

    /** A table whose first column alone is text. */
    public Table(List<String> header, List<List<String>> rows) {
      this(header, rows, 1);
    }
  }

  /** Preformatted text (a view, the event log), shown as is. */
  record Code(String text) implements Block {
    public Code {
      Objects.requireNonNull(text, "text is null");
    }
  }

  /** A chart: inline SVG in HTML, a pointer to report.html in Markdown. */
  record Figure(Chart chart) implements Block {
    public Figure {
      Objects.requireNonNull(chart, "chart is null");
    }
  }

  /** Blocks a reader opens on demand in HTML (a long view); in Markdown they simply follow. */
  record Folded(String summary, List<Block> blocks) implements Block {
    public Folded {
      Objects.requireNonNull(summary, "summary is null");
      blocks = List.copyOf(blocks);
    }
  }
}

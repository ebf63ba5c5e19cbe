package org.vmcompare.reports.doc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

final class HtmlTest {
  @Test
  void numberCells_putTheirIntervalTestOrSpreadOnAQuieterSecondLine() {
    assertThat(Html.number("94,881.7 ± 297.0"))
        .isEqualTo("94,881.7<span class=\"q\">± 297.0</span>");
    assertThat(Html.number("7.054 s ± 12.48 ms"))
        .isEqualTo("7.054 s<span class=\"q\">± 12.48 ms</span>");
    assertThat(Html.number("**15.9% fewer** (p < 0.001)"))
        .isEqualTo("<strong>15.9% fewer</strong><span class=\"q\">(p &lt; 0.001)</span>");
    assertThat(Html.number("sd 1,026.0, 229,000–232,000"))
        .isEqualTo("229,000–232,000<span class=\"q\">sd 1,026.0</span>");
    assertThat(Html.number("320,480")).isEqualTo("320,480");
  }

  @Test
  void table_leftAlignsItsTextColumns_andSplitsOnlyNumberCells() {
    String html =
        Html.render(
            "t",
            List.of(
                new Block.Table(
                    List.of("process", "ended by", "minor faults"),
                    List.of(List.of("app (x)", "exit ×2, OOM ×1", "213.3 ± 23.1")),
                    2)));

    assertThat(html)
        .contains("<th>process</th><th>ended by</th><th class=\"n\">minor faults</th>")
        .contains("<td>app (x)</td><td>exit ×2, OOM ×1</td>")
        .contains("<td class=\"n\">213.3<span class=\"q\">± 23.1</span></td>");
  }
}

package org.vmcompare.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vmcompare.trace.TraceTestSupport.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class TraceFormatTest {
  @TempDir Path dir;

  @Test
  void parse_anyCase_returnsFormat() {
    assertThat(TraceFormat.parse("Lackey")).isEqualTo(TraceFormat.LACKEY);
    assertThat(TraceFormat.parse("binary")).isEqualTo(TraceFormat.BINARY);
  }

  @Test
  void parse_unknown_listsValidNames() {
    assertThatThrownBy(() -> TraceFormat.parse("csv"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown trace format 'csv'; valid formats: pages, addresses, lackey, binary");
  }

  @Test
  void detect_eachFormat_isRecognised() throws IOException {
    assertThat(TraceFormat.detect(resource("/oracles/zipf-100k.pages")))
        .isEqualTo(TraceFormat.PAGES);
    assertThat(TraceFormat.detect(resource("/traces/small.lackey"))).isEqualTo(TraceFormat.LACKEY);
    Path headless = dir.resolve("headless.lackey");
    Files.writeString(headless, "I  00400000,4\n L 00601000,8\n");
    assertThat(TraceFormat.detect(headless)).isEqualTo(TraceFormat.LACKEY);
    Path hex = dir.resolve("a.txt");
    Files.writeString(hex, "# addresses\n0x7fff0000\n");
    assertThat(TraceFormat.detect(hex)).isEqualTo(TraceFormat.ADDRESSES);
    Path marked = dir.resolve("b.txt");
    Files.writeString(marked, "4096 W\n");
    assertThat(TraceFormat.detect(marked)).isEqualTo(TraceFormat.ADDRESSES);
    Path bin = dir.resolve("c.vmct");
    try (BinaryTraceWriter w = new BinaryTraceWriter(bin, 12)) {
      w.write(1);
    }
    assertThat(TraceFormat.detect(bin)).isEqualTo(TraceFormat.BINARY);
    Path empty = dir.resolve("empty");
    Files.writeString(empty, "");
    assertThat(TraceFormat.detect(empty)).isEqualTo(TraceFormat.PAGES);
  }
}

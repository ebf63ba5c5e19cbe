package org.vmcompare.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vmcompare.trace.TraceTestSupport.readAll;
import static org.vmcompare.trace.TraceTestSupport.resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.common.InputError;

final class TextTraceReadersTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, content, StandardCharsets.US_ASCII);
    return p;
  }

  @Test
  void pages_ostepAddressFile_readsEveryLineAsARead() throws IOException {
    Path file = resource("/oracles/zipf-100k.pages");
    long[] records = readAll(file, TraceFormat.PAGES, 12, 777);
    List<String> lines = Files.readAllLines(file);
    assertThat(records).hasSize(100_000).hasSize(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      assertThat(records[i]).isEqualTo(Long.parseLong(lines.get(i).trim()));
    }
  }

  @Test
  void pages_commentsBlankLinesAndCrlf_areSkipped() throws IOException {
    Path file = write("t.pages", "# header\r\n3\r\n\r\n  2  \n\t# indented comment\n1");
    assertThat(readAll(file, TraceFormat.PAGES, 12, 1)).containsExactly(3, 2, 1);
  }

  @Test
  void pages_malformedLine_reportsFileAndLine() throws IOException {
    Path file = write("bad.pages", "1\n2\n0x30\n");
    assertThatThrownBy(() -> readAll(file, TraceFormat.PAGES, 12, 16))
        .isInstanceOf(InputError.class)
        .hasMessage(
            file
                + ":3: expected one page number (a non-negative decimal integer) per line, got"
                + " '0x30'");
  }

  @Test
  void pages_negativeNumber_isMalformed() throws IOException {
    Path file = write("neg.pages", "-1\n");
    assertThatThrownBy(() -> readAll(file, TraceFormat.PAGES, 12, 16))
        .isInstanceOf(InputError.class)
        .hasMessageStartingWith(file + ":1: ");
  }

  @Test
  void pages_lineLongerThanReadChunk_isStillParsed() throws IOException {
    String longComment = "#" + "x".repeat(200_000) + "\n";
    Path file = write("long.pages", longComment + "7\n");
    assertThat(readAll(file, TraceFormat.PAGES, 12, 4)).containsExactly(7);
  }

  @Test
  void emptyFile_readReturnsMinusOne() throws IOException {
    Path file = write("empty.pages", "");
    try (TraceReader r = TraceReaders.open(file, TraceFormat.PAGES, 12)) {
      assertThat(r.read(new long[8])).isEqualTo(-1);
      assertThat(r.recordsRead()).isZero();
    }
  }

  @Test
  void addresses_hexDecimalAndWriteMarks_mapToPages() throws IOException {
    Path file = write("t.addr", "0x1000\n4095 R\n0X2fff W\n  8192\tw\n# c\n0xffffffffffffffff\n");
    long[] records = readAll(file, TraceFormat.ADDRESSES, 12, 2);
    assertThat(records)
        .containsExactly(
            TraceRecord.of(1, false),
            TraceRecord.of(0, false),
            TraceRecord.of(2, true),
            TraceRecord.of(2, true),
            TraceRecord.of(0xfffffffffffffL, false));
  }

  @Test
  void addresses_pageShiftIsApplied() throws IOException {
    Path file = write("t.addr", "0x200000\n0x3fffff\n");
    assertThat(readAll(file, TraceFormat.ADDRESSES, 21, 8)).containsExactly(1, 1);
  }

  @Test
  void addresses_badMark_reportsLine() throws IOException {
    Path file = write("t.addr", "0x10 R\n0x20 X\n");
    assertThatThrownBy(() -> readAll(file, TraceFormat.ADDRESSES, 12, 8))
        .isInstanceOf(InputError.class)
        .hasMessageContaining(file + ":2: expected a byte address");
  }

  @Test
  void lackey_allRecordKinds_readsWritesAndPageCrossings() throws IOException {
    Path file =
        write(
            "t.lackey",
            String.join(
                "\n",
                "==1== Lackey, an example Valgrind tool",
                "I  00400ffe,4",
                " L 1fff000750,8",
                " S 00001000,4",
                " M 00001ffc,8",
                "==1== ",
                ""));
    assertThat(readAll(file, TraceFormat.LACKEY, 12, 3))
        .containsExactly(
            TraceRecord.of(0x400, false),
            TraceRecord.of(0x401, false),
            TraceRecord.of(0x1fff000, false),
            TraceRecord.of(1, true),
            TraceRecord.of(1, true),
            TraceRecord.of(2, true));
  }

  @Test
  void lackey_garbageLine_reportsLine() throws IOException {
    Path file = write("t.lackey", "I  00400000,4\nhello\n");
    assertThatThrownBy(() -> readAll(file, TraceFormat.LACKEY, 12, 8))
        .isInstanceOf(InputError.class)
        .hasMessageContaining(file + ":2: expected a Valgrind lackey line");
  }

  @Test
  void lackey_realTrace_matchesAnIndependentCount() throws IOException {
    Path file = resource("/traces/small.lackey");
    // Independent count with plain string handling.
    long reads = 0;
    long writes = 0;
    long crossings = 0;
    long skipped = 0;
    long firstPage = -1;
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      if (line.startsWith("==")) {
        skipped++;
        continue;
      }
      String kind = line.substring(0, 2).trim();
      String[] addrSize = line.substring(2).trim().split(",");
      long addr = Long.parseUnsignedLong(addrSize[0], 16);
      long size = Long.parseLong(addrSize[1]);
      long extra = ((addr + size - 1) >>> 12) - (addr >>> 12);
      if (firstPage < 0) {
        firstPage = addr >>> 12;
      }
      crossings += extra;
      if (kind.equals("S") || kind.equals("M")) {
        writes += 1 + extra;
      } else {
        assertThat(kind).isIn("I", "L");
        reads += 1 + extra;
      }
    }
    long[] records = readAll(file, null, 12, 4096);
    long readRecords = 0;
    for (long r : records) {
      if (!TraceRecord.isWrite(r)) {
        readRecords++;
      }
    }
    assertThat(skipped).isGreaterThan(6);
    assertThat(crossings).as("the trace has page-crossing references").isGreaterThanOrEqualTo(63);
    assertThat(records).hasSize((int) (reads + writes));
    assertThat(readRecords).isEqualTo(reads);
    assertThat(records.length - readRecords).isEqualTo(writes);
    assertThat(TraceRecord.page(records[0])).isEqualTo(firstPage);
  }

  @Test
  void lackey_realTrace_mainsBufferStoresCrossIntoNextPage() {
    // touch_pages.c does "addq $1" on 8 bytes at offset 0xffc of each page: an M record whose
    // last 4 bytes are on the next page, so two consecutive write records, page p then p + 1.
    long[] records = readAll(resource("/traces/small.lackey"), TraceFormat.LACKEY, 12, 100);
    int pairs = 0;
    for (int i = 0; i + 1 < records.length; i++) {
      if (TraceRecord.isWrite(records[i])
          && TraceRecord.isWrite(records[i + 1])
          && TraceRecord.page(records[i + 1]) == TraceRecord.page(records[i]) + 1) {
        pairs++;
      }
    }
    assertThat(pairs).isGreaterThanOrEqualTo(63);
  }

  @Test
  void open_missingFile_isAnInputErrorNamingIt() {
    Path missing = dir.resolve("nope.pages");
    assertThatThrownBy(() -> TraceReaders.open(missing, TraceFormat.PAGES, 12))
        .isInstanceOf(InputError.class)
        .hasMessage(missing + ": no such trace file");
  }

  @Test
  void open_directory_isAnInputError() {
    assertThatThrownBy(() -> TraceReaders.open(dir, null, 12))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("directory");
  }

  @Test
  void read_afterClose_fails() throws IOException {
    Path file = write("t.pages", "1\n");
    TraceReader r = TraceReaders.open(file, TraceFormat.PAGES, 12);
    r.close();
    assertThatThrownBy(() -> r.read(new long[1])).isInstanceOf(IllegalStateException.class);
  }
}

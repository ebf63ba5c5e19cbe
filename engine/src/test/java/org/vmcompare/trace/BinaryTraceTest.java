package org.vmcompare.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.vmcompare.trace.TraceTestSupport.readAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmcompare.common.InputError;
import org.vmcompare.pattern.AccessPatterns;

final class BinaryTraceTest {
  @TempDir Path dir;

  @Test
  void writeThenRead_manyChunks_roundTripsExactly() throws IOException {
    SplittableRandom rnd = new SplittableRandom(4);
    long[] records = new long[400_003]; // more than 3 MiB: several reader chunks, odd tail
    for (int i = 0; i < records.length; i++) {
      records[i] = TraceRecord.of(rnd.nextLong(TraceRecord.MAX_PAGE), rnd.nextBoolean());
    }
    Path file = dir.resolve("t.vmct");
    try (BinaryTraceWriter w = new BinaryTraceWriter(file, 14)) {
      w.write(records[0]);
      w.write(records, 1, 200_000);
      for (int i = 200_001; i < records.length; i++) {
        w.write(records[i]);
      }
      assertThat(w.recordsWritten()).isEqualTo(records.length);
    }
    assertThat(Files.size(file)).isEqualTo(32 + 8L * records.length);
    long first = Arrays.stream(records).map(TraceRecord::page).min().orElseThrow();
    long last = Arrays.stream(records).map(TraceRecord::page).max().orElseThrow();
    try (TraceReader r = TraceReaders.open(file, null, 12)) {
      assertThat(r.format()).isEqualTo(TraceFormat.BINARY);
      assertThat(r.pageShift()).as("the header's page shift wins").isEqualTo(14);
      assertThat(r.pageRange()).as("both write paths counted").containsExactly(first, last);
      assertThat(r.recordCount()).isEqualTo(records.length);
      assertThat(TraceTestSupport.readAll(r, 65_537)).isEqualTo(records);
    }
  }

  @Test
  void header_layoutIsAsDocumented() throws IOException {
    Path file = dir.resolve("h.vmct");
    try (BinaryTraceWriter w = new BinaryTraceWriter(file, 12)) {
      w.write(TraceRecord.of(0x0102030405060708L, true));
    }
    byte[] bytes = Files.readAllBytes(file);
    assertThat(Arrays.copyOf(bytes, 8)).isEqualTo("VMCTRACE".getBytes(StandardCharsets.US_ASCII));
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes).hasSize(40);
    assertThat(b.getShort(8)).isEqualTo((short) 2);
    assertThat(b.get(10)).isEqualTo((byte) 12);
    assertThat(b.get(11)).as("flags: the page range is filled in").isEqualTo((byte) 1);
    assertThat(b.getInt(12)).isZero();
    assertThat(b.getLong(16)).as("first page").isEqualTo(0x0102030405060708L);
    assertThat(b.getLong(24)).as("last page").isEqualTo(0x0102030405060708L);
    assertThat(b.getLong(32)).isEqualTo(0x8102030405060708L);
    assertThat(bytes[32]).isEqualTo((byte) 0x08); // little-endian
  }

  @Test
  void versionOneFile_isStillRead_withNoPageRange() throws IOException {
    Path file = dir.resolve("v1.vmct");
    ByteBuffer b = ByteBuffer.allocate(16 + 3 * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.put("VMCTRACE".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).put((byte) 12);
    b.put((byte) 0).putInt(0);
    b.putLong(7).putLong(TraceRecord.of(3, true)).putLong(9);
    Files.write(file, b.array());
    try (TraceReader r = TraceReaders.open(file, null, 12)) {
      assertThat(r.pageRange()).as("only a first pass can tell").isNull();
      assertThat(TraceTestSupport.readAll(r, 2)).containsExactly(7, TraceRecord.of(3, true), 9);
    }
  }

  @Test
  void rangeFlagClear_noRecordsOrWriterNeverClosed_readsWithoutARange() throws IOException {
    Path empty = dir.resolve("empty.vmct");
    new BinaryTraceWriter(empty, 12).close();
    try (TraceReader r = TraceReaders.open(empty, null, 12)) {
      assertThat(r.pageRange()).isNull();
      assertThat(r.read(new long[4])).isEqualTo(-1);
    }
    Path unfinished = dir.resolve("unfinished.vmct");
    try (BinaryTraceWriter w = new BinaryTraceWriter(unfinished, 12)) {
      w.write(TraceRecord.of(5, false));
      w.write(new long[] {6, 4}, 0, 2);
    }
    try (TraceReader r = TraceReaders.open(unfinished, null, 12)) {
      assertThat(r.pageRange()).containsExactly(4, 6);
    }
    // what a crash before close leaves: the records out, the range's flag never set
    byte[] bytes = Files.readAllBytes(unfinished);
    bytes[11] = 0;
    Files.write(unfinished, bytes);
    try (TraceReader r = TraceReaders.open(unfinished, null, 12)) {
      assertThat(r.pageRange()).isNull();
      assertThat(TraceTestSupport.readAll(r, 8)).containsExactly(5, 6, 4);
    }
  }

  /**
   * Writes a trace of one record (page 3) to {@code file} and returns its bytes, to tamper with.
   */
  private static byte[] oneRecord(Path file) throws IOException {
    try (BinaryTraceWriter w = new BinaryTraceWriter(file, 12)) {
      w.write(3);
    }
    return Files.readAllBytes(file);
  }

  @Test
  void impossiblePageRange_isReported() throws IOException {
    Path file = dir.resolve("r.vmct");
    byte[] bytes = oneRecord(file);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(16, 9).putLong(24, 2);
    Files.write(file, bytes);
    assertThatThrownBy(() -> TraceReaders.open(file, TraceFormat.BINARY, 12))
        .isInstanceOf(InputError.class)
        .hasMessage(
            file + ": binary trace header gives the page range 9..2, which no trace can have");
  }

  @Test
  void unknownFlag_isReported() throws IOException {
    Path file = dir.resolve("f.vmct");
    byte[] bytes = oneRecord(file);
    bytes[11] |= 0x4;
    Files.write(file, bytes);
    assertThatThrownBy(() -> TraceReaders.open(file, TraceFormat.BINARY, 12))
        .isInstanceOf(InputError.class)
        .hasMessage(file + ": binary trace header has unknown flags 0x5");
  }

  @Test
  void truncatedRecord_isReported() throws IOException {
    Path file = dir.resolve("t.vmct");
    try (BinaryTraceWriter w = new BinaryTraceWriter(file, 12)) {
      w.write(1);
      w.write(2);
    }
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));
    assertThatThrownBy(() -> readAll(file, TraceFormat.BINARY, 12, 8))
        .isInstanceOf(InputError.class)
        .hasMessage(file + ": binary trace is truncated: 5 bytes after the last whole record");
  }

  @Test
  void wrongMagic_isReported() throws IOException {
    Path file = dir.resolve("x.vmct");
    Files.write(file, "NOTATRACE_______".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> TraceReaders.open(file, TraceFormat.BINARY, 12))
        .isInstanceOf(InputError.class)
        .hasMessage(file + ": not a vmcompare binary trace: it does not start with VMCTRACE");
  }

  @Test
  void unknownVersion_isReported() throws IOException {
    Path file = dir.resolve("v.vmct");
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.put("VMCTRACE".getBytes(StandardCharsets.US_ASCII)).putShort((short) 9).put((byte) 12);
    Files.write(file, b.array());
    assertThatThrownBy(() -> TraceReaders.open(file, TraceFormat.BINARY, 12))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("version 9 is not supported");
  }

  @Test
  void shortHeader_isReported() throws IOException {
    Path file = dir.resolve("s.vmct");
    Files.write(file, "VMCTR".getBytes(StandardCharsets.US_ASCII));
    assertThatThrownBy(() -> TraceReaders.open(file, TraceFormat.BINARY, 12))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("shorter than its 16-byte header");
    Path v2 = dir.resolve("s2.vmct");
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN);
    b.put("VMCTRACE".getBytes(StandardCharsets.US_ASCII)).putShort((short) 2).put((byte) 12);
    Files.write(v2, b.array());
    assertThatThrownBy(() -> TraceReaders.open(v2, TraceFormat.BINARY, 12))
        .isInstanceOf(InputError.class)
        .hasMessageContaining("shorter than its 32-byte header");
  }

  @Test
  void generator_sameSeed_sameBytes_andWritesDoNotChangePages() throws IOException {
    Path a = dir.resolve("a.vmct");
    Path b = dir.resolve("b.vmct");
    Path c = dir.resolve("c.vmct");
    try (BinaryTraceWriter w = new BinaryTraceWriter(a, 12)) {
      TraceGenerator.generate(AccessPatterns.parse("zipf:0.9", 10_000), 100_000, 42, 0.3, w);
    }
    try (BinaryTraceWriter w = new BinaryTraceWriter(b, 12)) {
      TraceGenerator.generate(AccessPatterns.parse("zipf:0.9", 10_000), 100_000, 42, 0.3, w);
    }
    try (BinaryTraceWriter w = new BinaryTraceWriter(c, 12)) {
      TraceGenerator.generate(AccessPatterns.parse("zipf:0.9", 10_000), 100_000, 42, 0.0, w);
    }
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    long[] withWrites = readAll(a, TraceFormat.BINARY, 12, 4096);
    long[] readsOnly = readAll(c, TraceFormat.BINARY, 12, 4096);
    assertThat(withWrites).hasSize(100_000);
    long writes = Arrays.stream(withWrites).filter(TraceRecord::isWrite).count();
    assertThat(writes).isBetween(29_000L, 31_000L);
    assertThat(Arrays.stream(readsOnly).filter(TraceRecord::isWrite).count()).isZero();
    for (int i = 0; i < withWrites.length; i++) {
      assertThat(TraceRecord.page(withWrites[i])).isEqualTo(readsOnly[i]);
    }
    assertThat(
            TraceGenerator.generateArray(
                AccessPatterns.parse("zipf:0.9", 10_000), 100_000, 42, 0.3))
        .isEqualTo(withWrites);
  }
}

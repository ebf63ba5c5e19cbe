package org.vmcompare.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Constants and header layout of {@link TraceFormat#BINARY}; see {@code docs/trace-format.md}. */
final class BinaryTraceFormat {
  /** The version written: 2 adds the page range to version 1's header. */
  static final int VERSION = 2;

  /** Version 1's header, and the first part of version 2's (magic, version, shift, flags). */
  static final int V1_HEADER_BYTES = 16;

  /** Version 2's header: version 1's, then the lowest and highest page the records reference. */
  static final int HEADER_BYTES = 32;

  /** Offset of the flags byte. */
  static final int FLAGS_AT = 11;

  /** Offset of the page range in a version 2 header (two u64: first page, last page). */
  static final int RANGE_AT = 16;

  /**
   * Version 2 flag: the page range is filled in. The writer sets it when it closes the file with at
   * least one record; a file left unfinished, or with no records, has it clear.
   */
  static final int FLAG_RANGE = 1;

  static final int RECORD_BYTES = 8;

  /** Chunk size for reading and writing: big enough that system calls do not matter. */
  static final int CHUNK_BYTES = 1 << 20;

  private BinaryTraceFormat() {}

  /** A version 2 header with no page range yet (flags 0, range 0). */
  static ByteBuffer header(int pageShift) {
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put(TraceFormat.MAGIC);
    h.putShort((short) VERSION);
    h.put((byte) pageShift);
    h.put((byte) 0); // flags: FLAG_RANGE is set when the writer closes
    h.putInt(0); // reserved
    h.putLong(0); // first page
    h.putLong(0); // last page
    h.flip();
    return h;
  }
}

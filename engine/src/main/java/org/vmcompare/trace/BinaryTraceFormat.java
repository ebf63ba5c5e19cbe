package org.vmcompare.trace;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Constants and header layout of {@link TraceFormat#BINARY}; see {@code docs/trace-format.md}. */
final class BinaryTraceFormat {
  static final int HEADER_BYTES = 16;
  static final int VERSION = 1;
  static final int RECORD_BYTES = 8;

  /** Chunk size for reading and writing: big enough that system calls do not matter. */
  static final int CHUNK_BYTES = 1 << 20;

  private BinaryTraceFormat() {}

  static ByteBuffer header(int pageShift) {
    ByteBuffer h = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    h.put(TraceFormat.MAGIC);
    h.putShort((short) VERSION);
    h.put((byte) pageShift);
    h.put((byte) 0); // flags: none defined in version 1
    h.putInt(0); // reserved
    h.flip();
    return h;
  }
}

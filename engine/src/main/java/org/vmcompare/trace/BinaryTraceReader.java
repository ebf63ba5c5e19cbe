package org.vmcompare.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import org.vmcompare.common.InputError;

/**
 * {@link TraceFormat#BINARY} reader: validates the header (version 1, or 2 with its page range),
 * then copies little-endian records from a 1 MiB direct buffer into the caller's array with bulk
 * transfers.
 */
final class BinaryTraceReader implements TraceReader {
  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer bytes;
  private final int pageShift;

  /** The header's page range (version 2 with the range flag), or null. */
  private final long[] range;

  /** Records in the file, from its size (a partial one at the end is reported when reached). */
  private final long recordCount;

  private boolean eof;
  private long recordsRead;
  private boolean closed;

  BinaryTraceReader(Path path) {
    this.path = Objects.requireNonNull(path, "path is null");
    try {
      this.channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw TraceReaders.unreadable(path, e);
    }
    try {
      ByteBuffer h =
          readHeader(BinaryTraceFormat.V1_HEADER_BYTES, BinaryTraceFormat.V1_HEADER_BYTES);
      byte[] magic = new byte[TraceFormat.MAGIC.length];
      h.get(magic);
      if (!Arrays.equals(magic, TraceFormat.MAGIC)) {
        throw InputError.inFile(
            path, "not a vmcompare binary trace: it does not start with VMCTRACE");
      }
      int version = Short.toUnsignedInt(h.getShort());
      if (version != 1 && version != BinaryTraceFormat.VERSION) {
        throw InputError.inFile(
            path,
            "binary trace version "
                + version
                + " is not supported (this vmcompare reads versions 1 and "
                + BinaryTraceFormat.VERSION
                + ")");
      }
      this.pageShift = Byte.toUnsignedInt(h.get());
      if (pageShift > 63) {
        throw InputError.inFile(path, "binary trace header has page shift " + pageShift);
      }
      int flags = Byte.toUnsignedInt(h.get());
      int known = version == 1 ? 0 : BinaryTraceFormat.FLAG_RANGE;
      if ((flags & ~known) != 0) {
        throw InputError.inFile(
            path, "binary trace header has unknown flags 0x" + Integer.toHexString(flags));
      }
      if (version == 1) {
        this.range = null;
      } else {
        ByteBuffer r =
            readHeader(
                BinaryTraceFormat.HEADER_BYTES - BinaryTraceFormat.V1_HEADER_BYTES,
                BinaryTraceFormat.HEADER_BYTES);
        long first = r.getLong();
        long last = r.getLong();
        if ((flags & BinaryTraceFormat.FLAG_RANGE) == 0) {
          this.range = null;
        } else if (first < 0 || first > last || last > TraceRecord.MAX_PAGE) {
          throw InputError.inFile(
              path,
              "binary trace header gives the page range "
                  + Long.toUnsignedString(first)
                  + ".."
                  + Long.toUnsignedString(last)
                  + ", which no trace can have");
        } else {
          this.range = new long[] {first, last};
        }
      }
      this.recordCount = (channel.size() - channel.position()) / BinaryTraceFormat.RECORD_BYTES;
    } catch (IOException e) {
      closeQuietly();
      throw TraceReaders.unreadable(path, e);
    } catch (RuntimeException e) {
      closeQuietly();
      throw e;
    }
    this.bytes = ByteBuffer.allocateDirect(BinaryTraceFormat.CHUNK_BYTES);
    bytes.order(ByteOrder.LITTLE_ENDIAN);
    bytes.flip(); // empty, ready to be compacted and filled
  }

  /**
   * Reads the next {@code n} bytes of a header of {@code headerBytes} in all.
   *
   * @throws InputError when the file ends first
   */
  private ByteBuffer readHeader(int n, int headerBytes) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    while (h.hasRemaining() && channel.read(h) >= 0) {
      // keep reading until the header is complete or the file ends
    }
    if (h.hasRemaining()) {
      throw InputError.inFile(
          path, "not a vmcompare binary trace: shorter than its " + headerBytes + "-byte header");
    }
    return h.flip();
  }

  @Override
  public long recordCount() {
    return recordCount;
  }

  @Override
  public long[] pageRange() {
    return range == null ? null : range.clone();
  }

  @Override
  public int read(long[] out) {
    if (closed) {
      throw new IllegalStateException("trace reader for " + path + " is closed");
    }
    int n = 0;
    while (n < out.length) {
      if (bytes.remaining() < BinaryTraceFormat.RECORD_BYTES) {
        if (eof || !refill()) {
          break;
        }
        continue;
      }
      int k = Math.min(out.length - n, bytes.remaining() / BinaryTraceFormat.RECORD_BYTES);
      bytes.asLongBuffer().get(out, n, k);
      bytes.position(bytes.position() + k * BinaryTraceFormat.RECORD_BYTES);
      n += k;
    }
    if (n == 0 && out.length > 0) {
      return -1;
    }
    recordsRead += n;
    return n;
  }

  /** Reads more bytes; false at end of file. */
  private boolean refill() {
    bytes.compact();
    try {
      int r = 0;
      while (bytes.hasRemaining() && (r = channel.read(bytes)) > 0) {
        // fill the buffer as far as the file allows
      }
      if (r < 0) {
        eof = true;
      }
    } catch (IOException e) {
      throw TraceReaders.unreadable(path, e);
    } finally {
      bytes.flip();
    }
    if (eof && bytes.remaining() % BinaryTraceFormat.RECORD_BYTES != 0) {
      throw InputError.inFile(
          path,
          "binary trace is truncated: "
              + bytes.remaining() % BinaryTraceFormat.RECORD_BYTES
              + " bytes after the last whole record");
    }
    return bytes.remaining() >= BinaryTraceFormat.RECORD_BYTES;
  }

  @Override
  public long recordsRead() {
    return recordsRead;
  }

  @Override
  public int pageShift() {
    return pageShift;
  }

  @Override
  public TraceFormat format() {
    return TraceFormat.BINARY;
  }

  @Override
  public Path path() {
    return path;
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing with a better message
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      throw TraceReaders.unreadable(path, e);
    }
  }
}

package org.vmcompare.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes {@link TraceFormat#BINARY} traces: the 32-byte header, then each {@link TraceRecord} as a
 * little-endian u64; on {@link #close} the header gets the lowest and highest page written, so that
 * a replay sizes its region without reading the whole file first.
 *
 * <p>It exists so that text traces can be converted once and then replayed many times at memory
 * speed, and so that generated traces are exact, compact and reproducible. Output I/O failures are
 * thrown as {@link UncheckedIOException}; they are the machine's problem, not the user's input.
 */
public final class BinaryTraceWriter implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final ByteBuffer bytes;
  private final int pageShift;
  private long recordsWritten;
  private long firstPage = Long.MAX_VALUE;
  private long lastPage = Long.MIN_VALUE;
  private boolean closed;

  /** Creates or truncates {@code path} and writes the header for pages of 2^{@code pageShift}. */
  public BinaryTraceWriter(Path path, int pageShift) throws IOException {
    this.path = Objects.requireNonNull(path, "path is null");
    if (pageShift < 0 || pageShift > 63) {
      throw new IllegalArgumentException("page shift must be in [0, 63], got " + pageShift);
    }
    this.pageShift = pageShift;
    this.channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    this.bytes = ByteBuffer.allocateDirect(BinaryTraceFormat.CHUNK_BYTES);
    bytes.order(ByteOrder.LITTLE_ENDIAN);
    bytes.put(BinaryTraceFormat.header(pageShift));
  }

  /** Appends one record. */
  public void write(long record) {
    ensureOpen();
    if (bytes.remaining() < BinaryTraceFormat.RECORD_BYTES) {
      flushBuffer();
    }
    bytes.putLong(record);
    recordsWritten++;
    long page = TraceRecord.page(record);
    firstPage = Math.min(firstPage, page);
    lastPage = Math.max(lastPage, page);
  }

  /** Appends {@code count} records from {@code records} starting at {@code from}. */
  public void write(long[] records, int from, int count) {
    ensureOpen();
    Objects.checkFromIndexSize(from, count, records.length);
    long first = firstPage;
    long last = lastPage;
    for (int i = from; i < from + count; i++) {
      long page = TraceRecord.page(records[i]);
      first = Math.min(first, page);
      last = Math.max(last, page);
    }
    firstPage = first;
    lastPage = last;
    int done = 0;
    while (done < count) {
      if (bytes.remaining() < BinaryTraceFormat.RECORD_BYTES) {
        flushBuffer();
      }
      int k = Math.min(count - done, bytes.remaining() / BinaryTraceFormat.RECORD_BYTES);
      bytes.asLongBuffer().put(records, from + done, k);
      bytes.position(bytes.position() + k * BinaryTraceFormat.RECORD_BYTES);
      done += k;
    }
    recordsWritten += count;
  }

  private void flushBuffer() {
    bytes.flip();
    try {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + path + " failed", e);
    }
    bytes.clear();
  }

  /** The header's page range and its flag, written in place once every record is out. */
  private void writeRange() {
    ByteBuffer range = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    range.putLong(firstPage).putLong(lastPage).flip();
    ByteBuffer flags = ByteBuffer.wrap(new byte[] {(byte) BinaryTraceFormat.FLAG_RANGE});
    try {
      while (range.hasRemaining()) {
        channel.write(range, BinaryTraceFormat.RANGE_AT + range.position());
      }
      while (flags.hasRemaining()) {
        channel.write(flags, BinaryTraceFormat.FLAGS_AT);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + path + " failed", e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("trace writer for " + path + " is closed");
    }
  }

  /** Records written so far. */
  public long recordsWritten() {
    return recordsWritten;
  }

  /** The page shift written in the header. */
  public int pageShift() {
    return pageShift;
  }

  /** The file being written. */
  public Path path() {
    return path;
  }

  /** Flushes the remaining records, fills in the header's page range and closes the file. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushBuffer();
      if (recordsWritten > 0) {
        writeRange();
      }
    } finally {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("closing " + path + " failed", e);
      }
    }
  }
}

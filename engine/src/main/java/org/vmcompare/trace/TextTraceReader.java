package org.vmcompare.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.vmcompare.common.InputError;

/**
 * Shared machinery of the line-based formats: reads bytes in large chunks, splits lines without
 * creating Strings, parses numbers straight from the bytes, and queues the records a line yields.
 *
 * <p>Subclasses implement {@link #parseLine} and call {@link #emit} for each record.
 */
abstract class TextTraceReader implements TraceReader {
  private static final int CHUNK = 1 << 16;

  private final Path path;
  private final int pageShift;
  private final InputStream in;
  private byte[] buf = new byte[CHUNK];
  private int pos;
  private int limit;
  private boolean eof;
  private long lineNo;
  private long recordsRead;
  private boolean closed;

  private long[] pending = new long[16];
  private int pendingStart;
  private int pendingEnd;

  /** Cursor for the number parsers, into {@link #buf}. */
  protected int cursor;

  TextTraceReader(Path path, int pageShift) {
    this.path = Objects.requireNonNull(path, "path is null");
    this.pageShift = pageShift;
    try {
      this.in = Files.newInputStream(path);
    } catch (IOException e) {
      throw TraceReaders.unreadable(path, e);
    }
  }

  /** Parses {@code buf[start, end)}, one line without its terminator, calling {@link #emit}. */
  protected abstract void parseLine(byte[] b, int start, int end);

  /** Queues one record produced by the current line. */
  protected final void emit(long record) {
    if (pendingEnd == pending.length) {
      if (pendingStart > 0) {
        System.arraycopy(pending, pendingStart, pending, 0, pendingEnd - pendingStart);
        pendingEnd -= pendingStart;
        pendingStart = 0;
      } else {
        pending = Arrays.copyOf(pending, pending.length * 2);
      }
    }
    pending[pendingEnd++] = record;
  }

  @Override
  public final int read(long[] out) {
    if (closed) {
      throw new IllegalStateException("trace reader for " + path + " is closed");
    }
    if (out.length == 0) {
      return 0;
    }
    int n = 0;
    while (n < out.length) {
      if (pendingStart < pendingEnd) {
        int k = Math.min(out.length - n, pendingEnd - pendingStart);
        System.arraycopy(pending, pendingStart, out, n, k);
        pendingStart += k;
        n += k;
        continue;
      }
      pendingStart = 0;
      pendingEnd = 0;
      if (!nextLine()) {
        break;
      }
    }
    recordsRead += n;
    return n == 0 ? -1 : n;
  }

  /** Reads and parses the next line; false at end of file. */
  private boolean nextLine() {
    while (true) {
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          int start = pos;
          int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
          pos = i + 1;
          lineNo++;
          parseLine(buf, start, end);
          return true;
        }
      }
      if (eof) {
        if (pos < limit) {
          int start = pos;
          int end = buf[limit - 1] == '\r' ? limit - 1 : limit;
          pos = limit;
          lineNo++;
          parseLine(buf, start, end);
          return true;
        }
        return false;
      }
      fill();
    }
  }

  private void fill() {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    try {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        eof = true;
      } else {
        limit += r;
      }
    } catch (IOException e) {
      throw TraceReaders.unreadable(path, e);
    }
  }

  /** The current line number, 1-based, for error messages. */
  protected final long lineNo() {
    return lineNo;
  }

  /** An error on the current line: "expected ..., got 'LINE'". */
  protected final InputError malformed(byte[] b, int start, int end, String expected) {
    int shown = Math.min(end - start, 80);
    String text = new String(b, start, shown, StandardCharsets.ISO_8859_1);
    if (shown < end - start) {
      text += "...";
    }
    return InputError.atLine(path, lineNo, expected + ", got '" + text + "'");
  }

  protected static boolean isSpace(byte c) {
    return c == ' ' || c == '\t';
  }

  /** Advances {@link #cursor} past spaces and tabs, up to {@code end}. */
  protected final void skipSpaces(byte[] b, int end) {
    while (cursor < end && isSpace(b[cursor])) {
      cursor++;
    }
  }

  /** Parses decimal digits at {@link #cursor}; -1 if there are none or the value overflows. */
  protected final long parseDecimal(byte[] b, int end) {
    int start = cursor;
    long v = 0;
    while (cursor < end) {
      int d = b[cursor] - '0';
      if (d < 0 || d > 9) {
        break;
      }
      if (v > (Long.MAX_VALUE - d) / 10) {
        return -1;
      }
      v = v * 10 + d;
      cursor++;
    }
    return cursor == start ? -1 : v;
  }

  /**
   * Parses hex digits at {@link #cursor} as an unsigned 64-bit value. Sets {@code hexOk} false if
   * there are none or more than 16.
   */
  protected final long parseHex(byte[] b, int end) {
    int start = cursor;
    long v = 0;
    while (cursor < end) {
      int c = b[cursor];
      int d;
      if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        d = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        d = c - 'A' + 10;
      } else {
        break;
      }
      v = (v << 4) | d;
      cursor++;
    }
    int digits = cursor - start;
    hexOk = digits > 0 && digits <= 16;
    return v;
  }

  /** Set by {@link #parseHex}. */
  protected boolean hexOk;

  /** Whether only spaces remain from {@link #cursor} to {@code end}. */
  protected final boolean onlySpacesLeft(byte[] b, int end) {
    skipSpaces(b, end);
    return cursor == end;
  }

  @Override
  public final long recordsRead() {
    return recordsRead;
  }

  @Override
  public final int pageShift() {
    return pageShift;
  }

  @Override
  public final Path path() {
    return path;
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      in.close();
    } catch (IOException e) {
      throw TraceReaders.unreadable(path, e);
    }
  }
}

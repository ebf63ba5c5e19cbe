package org.vmcompare.trace;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.vmcompare.util.LongArrayList;

/** Helpers shared by the trace tests. */
final class TraceTestSupport {
  private TraceTestSupport() {}

  static Path resource(String name) {
    try {
      return Path.of(TraceTestSupport.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a whole trace with a deliberately odd buffer size, to cross buffer boundaries. */
  static long[] readAll(TraceReader reader, int bufferSize) {
    LongArrayList out = new LongArrayList();
    long[] buf = new long[bufferSize];
    int n;
    while ((n = reader.read(buf)) != -1) {
      if (n <= 0 || n > bufferSize) {
        throw new AssertionError("read returned " + n);
      }
      out.addAll(buf, 0, n);
    }
    return out.toArray();
  }

  static long[] readAll(Path file, TraceFormat format, int pageShift, int bufferSize) {
    try (TraceReader r = TraceReaders.open(file, format, pageShift)) {
      long[] all = readAll(r, bufferSize);
      if (r.recordsRead() != all.length) {
        throw new AssertionError("recordsRead " + r.recordsRead() + " != " + all.length);
      }
      return all;
    }
  }
}

package org.vmcompare.trace;

import java.nio.file.Path;

/** {@link TraceFormat#PAGES}: one decimal page number a line, every reference a read. */
final class PagesTraceReader extends TextTraceReader {
  private static final String EXPECTED =
      "expected one page number (a non-negative decimal integer) per line";

  PagesTraceReader(Path path, int pageShift) {
    super(path, pageShift);
  }

  @Override
  protected void parseLine(byte[] b, int start, int end) {
    cursor = start;
    skipSpaces(b, end);
    if (cursor == end || b[cursor] == '#') {
      return;
    }
    long page = parseDecimal(b, end);
    if (page < 0 || !onlySpacesLeft(b, end)) {
      throw malformed(b, start, end, EXPECTED);
    }
    emit(page);
  }

  @Override
  public TraceFormat format() {
    return TraceFormat.PAGES;
  }
}

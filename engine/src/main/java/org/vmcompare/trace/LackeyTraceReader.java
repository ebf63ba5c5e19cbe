package org.vmcompare.trace;

import java.nio.file.Path;

/**
 * {@link TraceFormat#LACKEY}: Valgrind {@code --tool=lackey --trace-mem=yes} output.
 *
 * <p>Lines are {@code I ADDR,SIZE} (instruction fetch), {@code L ADDR,SIZE} (load), {@code S
 * ADDR,SIZE} (store) and {@code M ADDR,SIZE} (modify: load then store of the same bytes, counted as
 * one write reference); ADDR is hex, SIZE decimal bytes. Lines starting {@code ==} (Valgrind's
 * banner and summary) and blank lines are skipped. A reference emits the page of ADDR and then,
 * when the access spills over a page boundary, each further page up to the one holding byte
 * ADDR+SIZE-1, in address order.
 */
final class LackeyTraceReader extends TextTraceReader {
  private static final String EXPECTED =
      "expected a Valgrind lackey line ('I  ADDR,SIZE', ' L ADDR,SIZE', ' S ADDR,SIZE',"
          + " ' M ADDR,SIZE' or '==PID== ...')";

  /** No single access spans more than this many bytes; a bigger size means a corrupt line. */
  private static final long MAX_SIZE = 1 << 20;

  LackeyTraceReader(Path path, int pageShift) {
    super(path, pageShift);
  }

  @Override
  protected void parseLine(byte[] b, int start, int end) {
    if (end - start >= 2 && b[start] == '=' && b[start + 1] == '=') {
      return;
    }
    cursor = start;
    skipSpaces(b, end);
    if (cursor == end) {
      return;
    }
    boolean write;
    switch (b[cursor]) {
      case 'I', 'L' -> write = false;
      case 'S', 'M' -> write = true;
      default -> throw malformed(b, start, end, EXPECTED);
    }
    cursor++;
    if (cursor == end || !isSpace(b[cursor])) {
      throw malformed(b, start, end, EXPECTED);
    }
    skipSpaces(b, end);
    long address = parseHex(b, end);
    if (!hexOk || cursor == end || b[cursor] != ',') {
      throw malformed(b, start, end, EXPECTED);
    }
    cursor++;
    long size = parseDecimal(b, end);
    if (size < 0 || !onlySpacesLeft(b, end)) {
      throw malformed(b, start, end, EXPECTED);
    }
    if (size > MAX_SIZE) {
      throw malformed(b, start, end, "access size larger than " + MAX_SIZE + " bytes");
    }
    int shift = pageShift();
    long first = address >>> shift;
    long last = size == 0 ? first : (address + size - 1) >>> shift;
    if (Long.compareUnsigned(address + Math.max(size, 1) - 1, address) < 0 || first < 0) {
      throw malformed(b, start, end, "access past the end of the 64-bit address space");
    }
    long w = write ? TraceRecord.WRITE_BIT : 0;
    for (long page = first; page <= last; page++) {
      emit(page | w);
    }
  }

  @Override
  public TraceFormat format() {
    return TraceFormat.LACKEY;
  }
}

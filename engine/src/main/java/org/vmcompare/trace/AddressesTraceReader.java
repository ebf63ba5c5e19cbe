package org.vmcompare.trace;

import java.nio.file.Path;

/**
 * {@link TraceFormat#ADDRESSES}: one byte address a line, {@code 0x}-prefixed hex or decimal,
 * optionally followed by {@code R} (read, the default) or {@code W} (write). The page is the
 * address shifted right by the page shift.
 */
final class AddressesTraceReader extends TextTraceReader {
  private static final String EXPECTED =
      "expected a byte address (0x-prefixed hex or decimal) optionally followed by R or W";

  AddressesTraceReader(Path path, int pageShift) {
    super(path, pageShift);
  }

  @Override
  protected void parseLine(byte[] b, int start, int end) {
    cursor = start;
    skipSpaces(b, end);
    if (cursor == end || b[cursor] == '#') {
      return;
    }
    long address;
    if (cursor + 1 < end && b[cursor] == '0' && (b[cursor + 1] == 'x' || b[cursor + 1] == 'X')) {
      cursor += 2;
      address = parseHex(b, end);
      if (!hexOk) {
        throw malformed(b, start, end, EXPECTED);
      }
    } else {
      address = parseDecimal(b, end);
      if (address < 0) {
        throw malformed(b, start, end, EXPECTED);
      }
    }
    boolean write = false;
    if (cursor < end && !isSpace(b[cursor])) {
      throw malformed(b, start, end, EXPECTED);
    }
    skipSpaces(b, end);
    if (cursor < end) {
      byte c = b[cursor];
      if (c == 'W' || c == 'w') {
        write = true;
      } else if (c != 'R' && c != 'r') {
        throw malformed(b, start, end, EXPECTED);
      }
      cursor++;
      if (!onlySpacesLeft(b, end)) {
        throw malformed(b, start, end, EXPECTED);
      }
    }
    long page = address >>> pageShift();
    if (page < 0) {
      throw malformed(b, start, end, "address too large for a page shift of " + pageShift());
    }
    emit(write ? page | TraceRecord.WRITE_BIT : page);
  }

  @Override
  public TraceFormat format() {
    return TraceFormat.ADDRESSES;
  }
}

package org.vmcompare.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import org.vmcompare.common.InputError;

/**
 * Opens a {@link TraceReader} for a file in a given {@link TraceFormat}.
 *
 * <p>The single entry point exists so that every command reading traces checks the file and the
 * page size the same way and reports problems as {@link InputError}s naming the file.
 */
public final class TraceReaders {
  private TraceReaders() {}

  /**
   * Opens {@code file} for streaming.
   *
   * @param format the format, or {@code null} to {@link TraceFormat#detect detect} it
   * @param pageShift log2 of the page size, used to turn byte addresses into pages ({@link
   *     TraceFormat#ADDRESSES}, {@link TraceFormat#LACKEY}); {@link TraceFormat#PAGES} records it
   *     as is; a {@link TraceFormat#BINARY} file carries its own page shift, which wins
   * @throws InputError if the file is missing, unreadable, or (binary) has a bad header
   */
  public static TraceReader open(Path file, TraceFormat format, int pageShift) {
    Objects.requireNonNull(file, "file is null");
    if (pageShift < 0 || pageShift > 63) {
      throw new IllegalArgumentException("page shift must be in [0, 63], got " + pageShift);
    }
    if (!Files.exists(file)) {
      throw InputError.inFile(file, "no such trace file");
    }
    if (Files.isDirectory(file)) {
      throw InputError.inFile(file, "is a directory, not a trace file");
    }
    if (!Files.isReadable(file)) {
      throw InputError.inFile(file, "trace file is not readable (check its permissions)");
    }
    TraceFormat f = format == null ? TraceFormat.detect(file) : format;
    return switch (f) {
      case PAGES -> new PagesTraceReader(file, pageShift);
      case ADDRESSES -> new AddressesTraceReader(file, pageShift);
      case LACKEY -> new LackeyTraceReader(file, pageShift);
      case BINARY -> new BinaryTraceReader(file);
    };
  }

  /** log2 of a page size that must be a power of two, for command-line page sizes. */
  public static int pageShiftOf(long pageSizeBytes) {
    if (pageSizeBytes <= 0 || Long.bitCount(pageSizeBytes) != 1) {
      throw new IllegalArgumentException(
          "page size must be a power of two such as 4KiB, got " + pageSizeBytes + " bytes");
    }
    return Long.numberOfTrailingZeros(pageSizeBytes);
  }

  static InputError unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return InputError.inFile(file, "no such trace file");
    }
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return InputError.inFile(file, "cannot read trace: " + why);
  }
}

package org.vmcompare.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The trace file formats vmcompare reads. See {@code docs/trace-format.md}.
 *
 * <p>Each one exists because a real source produces it: {@link #PAGES} is OSTEP's address file,
 * {@link #ADDRESSES} is what ad-hoc instrumentation prints, {@link #LACKEY} is what Valgrind
 * records from a real program, and {@link #BINARY} is our own format, fast enough to feed the
 * simulators tens of millions of references a second.
 */
public enum TraceFormat {
  /** One decimal page number a line; {@code #} comments and blank lines skipped; all reads. */
  PAGES,
  /** One byte address a line ({@code 0x..} hex or decimal), optionally followed by R or W. */
  ADDRESSES,
  /** Valgrind {@code --tool=lackey --trace-mem=yes} output. */
  LACKEY,
  /** {@code VMCTRACE} header then little-endian u64 {@link TraceRecord}s. */
  BINARY;

  /** The 8-byte magic number opening a binary trace. */
  static final byte[] MAGIC = "VMCTRACE".getBytes(StandardCharsets.US_ASCII);

  private static final int DETECT_BYTES = 64 * 1024;

  /** The name users type, in lower case. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a format name, ignoring case. */
  public static TraceFormat parse(String name) {
    String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
    for (TraceFormat f : values()) {
      if (f.name().equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown trace format '" + name + "'; valid formats: " + validNames());
  }

  /** The valid names, comma separated, for messages. */
  public static String validNames() {
    return Arrays.stream(values()).map(TraceFormat::id).collect(Collectors.joining(", "));
  }

  /**
   * Guesses a file's format from its first bytes: the binary magic; else Valgrind's {@code ==PID==}
   * banner or lackey's {@code I }/{@code L }/{@code S }/{@code M } lines; else {@code 0x} addresses
   * or an R/W column; else page numbers. A file of decimal byte addresses looks like page numbers,
   * so it needs an explicit {@link #ADDRESSES}.
   */
  public static TraceFormat detect(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(DETECT_BYTES);
    } catch (IOException e) {
      throw TraceReaders.unreadable(file, e);
    }
    if (head.length >= MAGIC.length && Arrays.equals(Arrays.copyOf(head, MAGIC.length), MAGIC)) {
      return BINARY;
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    for (String raw : text.split("\n")) {
      String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
      if (line.startsWith("==")
          || line.startsWith("I  ")
          || line.startsWith(" L ")
          || line.startsWith(" S ")
          || line.startsWith(" M ")) {
        return LACKEY;
      }
      String t = line.trim();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (t.startsWith("0x") || t.startsWith("0X")) {
        return ADDRESSES;
      }
      String[] tokens = t.split("\\s+");
      if (tokens.length == 2 && tokens[1].matches("[RrWw]")) {
        return ADDRESSES;
      }
      return PAGES;
    }
    return PAGES;
  }
}

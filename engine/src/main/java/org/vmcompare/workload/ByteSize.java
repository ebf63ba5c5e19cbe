package org.vmcompare.workload;

import java.util.Locale;
import org.vmcompare.common.Quantities;
import org.vmcompare.yaml.SchemaPatterns;
import org.vmcompare.yaml.YamlDoc;

/**
 * A size as users write it: bytes with a unit ({@code 4KiB}, {@code 16MiB}, {@code 2GiB}) or a page
 * count ({@code 100pages}), resolved against the machine's page size when the run starts. A bare
 * number is refused because "100" could mean bytes or pages.
 */
@YamlDoc(
    value =
        "a size: bytes with a unit (512B, 4KiB, 16MiB, 2GiB, 1TiB; KB/MB/GB mean the same binary"
            + " units) or a page count (100pages, 10kpages); a bare number other than 0 is refused",
    pattern = SchemaPatterns.SIZE)
public record ByteSize(long bytes, long pages, String text) {
  public ByteSize {
    if (bytes < 0 || pages < 0) {
      throw new IllegalArgumentException("'" + text + "' must not be negative");
    }
  }

  public static ByteSize ofBytes(long bytes) {
    return new ByteSize(bytes, 0, Quantities.formatBytes(bytes));
  }

  public static ByteSize parse(String text) {
    String t = text.trim();
    if (t.startsWith("-")) {
      throw new IllegalArgumentException("'" + text + "' is negative; sizes must be positive");
    }
    String lower = t.toLowerCase(Locale.ROOT);
    for (String suffix : new String[] {"pages", "page"}) {
      if (lower.endsWith(suffix)) {
        String n = t.substring(0, t.length() - suffix.length()).trim();
        try {
          return new ByteSize(0, Quantities.parseCount(n), t);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("'" + text + "' is not a page count like 100pages", e);
        }
      }
    }
    if (!t.isEmpty()
        && t.chars().allMatch(c -> Character.isDigit(c) || c == '_')
        && !t.equals("0")) {
      throw new IllegalArgumentException(
          "'" + text + "' has no unit; write " + t + "B, " + t + "KiB or " + t + "pages");
    }
    return new ByteSize(Quantities.parseBytes(t), 0, t);
  }

  public boolean isZero() {
    return bytes == 0 && pages == 0;
  }

  /** Whole pages, rounding bytes up. */
  public long toPages(long pageSize) {
    return pages > 0 ? pages : (bytes + pageSize - 1) / pageSize;
  }

  public long toBytes(long pageSize) {
    return pages > 0 ? Math.multiplyExact(pages, pageSize) : bytes;
  }

  @Override
  public String toString() {
    return text;
  }
}

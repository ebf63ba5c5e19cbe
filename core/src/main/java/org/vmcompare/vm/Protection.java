package org.vmcompare.vm;

import java.util.Locale;

/**
 * Region permissions as {@code rwx} bits. Parsed from the strings users write ({@code rw}, {@code
 * r-x}, {@code none}) and printed the way /proc/PID/maps and vmmap do.
 */
public record Protection(boolean read, boolean write, boolean execute) {
  public static final Protection NONE = new Protection(false, false, false);
  public static final Protection READ = new Protection(true, false, false);
  public static final Protection READ_WRITE = new Protection(true, true, false);
  public static final Protection READ_EXECUTE = new Protection(true, false, true);

  public static Protection parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none") || t.equals("---")) {
      return NONE;
    }
    boolean r = false;
    boolean w = false;
    boolean x = false;
    for (char c : t.toCharArray()) {
      switch (c) {
        case 'r' -> r = true;
        case 'w' -> w = true;
        case 'x' -> x = true;
        case '-' -> {}
        default ->
            throw new IllegalArgumentException(
                "'" + text + "' is not a protection; write r, rw, rx, rwx or none");
      }
    }
    return new Protection(r, w, x);
  }

  /** {@code rw-} style, as in /proc/PID/maps (without the p/s column). */
  public String rwx() {
    return (read ? "r" : "-") + (write ? "w" : "-") + (execute ? "x" : "-");
  }

  @Override
  public String toString() {
    return rwx();
  }
}

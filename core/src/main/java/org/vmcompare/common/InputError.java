package org.vmcompare.common;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A problem with something the user gave us (a YAML file, a trace, a command-line value).
 *
 * <p>It exists so that every bad input, wherever it is detected, reaches the user as one line
 * {@code FILE:LINE:COL: key: problem} and exit code 2, never as a stack trace. Unknown parts are
 * left out of the line ({@code FILE:LINE: problem}, {@code key: problem}).
 */
public final class InputError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;
  private final int column;
  private final String key;
  private final String problem;

  public InputError(String file, int line, int column, String key, String problem) {
    super(format(file, line, column, key, problem), null, false, false);
    this.file = file;
    this.line = line;
    this.column = column;
    this.key = key;
    this.problem = Objects.requireNonNull(problem, "problem is null");
  }

  /** A problem with no location, for example a bad command-line value. */
  public static InputError of(String key, String problem) {
    return new InputError(null, 0, 0, key, problem);
  }

  /** A problem on one line of a file (a trace line, for example). */
  public static InputError atLine(Path file, long line, String problem) {
    return new InputError(
        file == null ? null : file.toString(),
        (int) Math.min(line, Integer.MAX_VALUE),
        0,
        null,
        problem);
  }

  /** A problem with a file as a whole (unreadable, empty, wrong magic number). */
  public static InputError inFile(Path file, String problem) {
    return new InputError(file == null ? null : file.toString(), 0, 0, null, problem);
  }

  public String file() {
    return file;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String key() {
    return key;
  }

  public String problem() {
    return problem;
  }

  private static String format(String file, int line, int column, String key, String problem) {
    StringBuilder sb = new StringBuilder();
    if (file != null) {
      sb.append(file);
      if (line > 0) {
        sb.append(':').append(line);
        if (column > 0) {
          sb.append(':').append(column);
        }
      }
      sb.append(": ");
    }
    if (key != null && !key.isEmpty()) {
      sb.append(key).append(": ");
    }
    sb.append(problem);
    return sb.toString();
  }
}

package org.vmcompare.os;

import java.util.Map;
import java.util.Objects;
import org.vmcompare.vm.Region;

/**
 * The arguments of a {@code native} step, read the same way by every model: a required argument, a
 * size in pages ({@code 64KiB} or {@code 16pages}), and the range of a region that {@code offset}
 * and {@code size} name. Each mistake is a {@link RunFailure} that names the call and the argument,
 * so a wrong native step reads alike on every system.
 */
public final class NativeArgs {
  private static final OptionSpec OFFSET = OptionSpec.size("offset", "0", "");
  private static final OptionSpec SIZE = OptionSpec.size("size", "0", "");

  private final String call;
  private final Map<String, Object> args;
  private final long pageSize;

  /**
   * @param call how messages name the call, e.g. {@code native linux.madvise}
   * @param args the step's arguments
   * @param pageSize the machine's page size, for sizes given in bytes
   */
  public NativeArgs(String call, Map<String, Object> args, long pageSize) {
    this.call = Objects.requireNonNull(call, "call is null");
    this.args = Objects.requireNonNull(args, "args is null");
    if (pageSize <= 0) {
      throw new IllegalArgumentException("pageSize must be positive, got " + pageSize);
    }
    this.pageSize = pageSize;
  }

  /** The argument's text; a failure naming it when it is missing. */
  public String required(String key) {
    Object v = args.get(key);
    if (v == null) {
      throw bad("args." + key + " is required");
    }
    return String.valueOf(v);
  }

  /** The argument's text, or null when it is missing. */
  public String optional(String key) {
    Object v = args.get(key);
    return v == null ? null : String.valueOf(v);
  }

  /**
   * {@code [first page, page count]} of the range {@code offset} (default 0) and {@code size}
   * (default: the rest of the region) name in {@code r}; a failure when it does not fit.
   */
  public long[] range(Region r) {
    long first = pages(OFFSET);
    long count = args.containsKey(SIZE.key()) ? pages(SIZE) : r.pages() - first;
    if (first < 0 || count <= 0 || first + count > r.pages()) {
      throw bad(
          "args.offset and args.size do not fit the "
              + r.pages()
              + " pages of '"
              + r.label()
              + "'");
    }
    return new long[] {first, count};
  }

  /** A failure of this call: {@code CALL: why}, an input error (exit code 2). */
  public RunFailure bad(String why) {
    return new RunFailure(call + ": " + why, true);
  }

  private long pages(OptionSpec spec) {
    Object v = args.get(spec.key());
    if (v == null) {
      return 0;
    }
    try {
      return spec.bytesValue(String.valueOf(v), pageSize) / pageSize;
    } catch (IllegalArgumentException e) {
      throw bad("args." + spec.key() + ": " + e.getMessage());
    }
  }
}

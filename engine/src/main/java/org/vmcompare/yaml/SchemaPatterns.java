package org.vmcompare.yaml;

/**
 * The text forms {@link Binder} accepts for a scalar, as JSON Schema patterns: one place for the
 * schema ({@link SchemaGenerator}) and the value types' {@link YamlDoc} annotations to take them
 * from, so that an editor flags exactly what the loader would refuse.
 */
public final class SchemaPatterns {
  private static final String DIGITS = "[0-9_]*[0-9][0-9_]*";

  /**
   * A whole number as {@link Binder} reads it: {@code 12}, {@code -3}, {@code 1_000}, {@code 10k}.
   */
  public static final String COUNT = "^(?:[+-]?" + DIGITS + "|\\s*" + DIGITS + "\\s*[kKMGB]?\\s*)$";

  private static final String COUNT_ITEM = "(?:[+-]?" + DIGITS + "|" + DIGITS + "[kKMGB])";

  /** Whole numbers in one scalar, separated by spaces or commas: {@code "3 2 1 0"}. */
  public static final String COUNT_LIST =
      "^\\s*" + COUNT_ITEM + "(?:[\\s,]+" + COUNT_ITEM + ")*[\\s,]*$";

  /** A decimal or a percentage: {@code 0.3}, {@code 30%}, {@code 1e-3}. */
  public static final String DECIMAL =
      "^\\s*[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?\\s*%?$";

  /** {@code true} or {@code false} in any case, when written as a string. */
  public static final String BOOLEAN = "^(?:[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$";

  /** ByteSize.parse: bytes with a unit, a page count, or a bare 0. */
  public static final String SIZE =
      "^\\s*(?:0|"
          + DIGITS
          + "\\s*(?:[bB]|[kKmMgGtT](?:[iI]?[bB])?)|"
          + DIGITS
          + "\\s*[kKMGB]?\\s*[pP][aA][gG][eE][sS]?)\\s*$";

  /** SimDuration.parse: a non-negative decimal and a unit: ns, us, ms or s. */
  public static final String DURATION =
      "^\\s*\\+?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
          + "\\s*(?:[nNuUmM]?[sS]|\u00b5[sS])\\s*$";

  private SchemaPatterns() {}
}

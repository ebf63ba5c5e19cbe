package org.vmcompare.check;

/**
 * How many tries the check tests run: a fixed budget in every {@code mvn verify}, thousands with
 * {@code -Pdeep} (which sets {@code vmcompare.check.tries}).
 */
final class Budget {
  static final int DEFAULT_TRIES = 60;

  private Budget() {}

  static int tries() {
    return Integer.getInteger("vmcompare.check.tries", DEFAULT_TRIES);
  }
}

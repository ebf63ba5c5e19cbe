package org.vmcompare.metrics;

import java.util.Locale;

/** How a run ended; written in results as its lower-case {@link #id()}. */
public enum RunStatus {
  /** Every process ran to its end. */
  OK,
  /** The experiment asked the system for something it cannot do (a user error, exit code 2). */
  UNSUPPORTED,
  /** The model or the engine broke its contract; the message says where. */
  ERROR,
  /**
   * Not run: the system cannot do a step of the experiment, and the user asked to run the other
   * systems anyway ({@code --skip-unsupported}); the error says which step and why.
   */
  SKIPPED;

  /**
   * {@code ok}, {@code unsupported}, {@code error} or {@code skipped}, as results.json and
   * results.csv write it.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return id();
  }
}

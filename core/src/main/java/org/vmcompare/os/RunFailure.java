package org.vmcompare.os;

/**
 * A run could not go on: an operation the system does not support, or a model that broke its
 * contract. The run's result records the message; other runs continue.
 */
public final class RunFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean userError;

  public RunFailure(String message, boolean userError) {
    super(message, null, false, false);
    this.userError = userError;
  }

  /** True when the experiment asked for something the system cannot do (exit code 2). */
  public boolean userError() {
    return userError;
  }
}

package org.vmcompare.hw;

/** The kind of a memory reference, as the MMU checks it. Int constants keep the hot path flat. */
public final class Access {
  public static final int READ = 0;
  public static final int WRITE = 1;
  public static final int EXECUTE = 2;

  private Access() {}

  public static String name(int access) {
    return switch (access) {
      case READ -> "read";
      case WRITE -> "write";
      case EXECUTE -> "execute";
      default -> "access(" + access + ")";
    };
  }
}

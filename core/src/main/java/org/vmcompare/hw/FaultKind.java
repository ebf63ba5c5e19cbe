package org.vmcompare.hw;

/**
 * Why a translation failed. {@link Mmu#translate} returns {@code -code} so the hit path returns a
 * primitive; {@link #ofResult} turns it back into the enum off the hot path.
 */
public enum FaultKind {
  /** No valid leaf entry: demand paging, swapped out, transition, never touched. */
  NOT_PRESENT(1),
  /** A write to a read-only entry that is not marked copy-on-write. */
  WRITE_PROTECT(2),
  /** A write to a read-only entry marked {@link Pte#SW_COW}. */
  COPY_ON_WRITE(3),
  /** An instruction fetch from a no-execute page. */
  NO_EXECUTE(4),
  /** A user access to a supervisor (kernel) page. */
  SUPERVISOR(5),
  /** The address lies in no region of the address space: SIGSEGV / access violation. */
  OUTSIDE_REGION(6);

  private final int code;

  FaultKind(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The kinds by code (index 0 unused); {@code values()} would copy its array on every fault. */
  private static final FaultKind[] BY_CODE = new FaultKind[values().length + 1];

  static {
    for (FaultKind k : values()) {
      BY_CODE[k.code] = k;
    }
  }

  public static FaultKind ofCode(int code) {
    if (code <= 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("no fault kind with code " + code);
    }
    return BY_CODE[code];
  }

  /** Decodes a negative {@link Mmu#translate} result. */
  public static FaultKind ofResult(long result) {
    if (result >= 0) {
      throw new IllegalArgumentException("not a fault: " + result);
    }
    return ofCode((int) -result);
  }
}

package org.vmcompare.os;

import java.util.Objects;

/**
 * The result of a portable operation. OS-level failures (ENOMEM, ERROR_COMMITMENT_LIMIT) are {@link
 * Status#FAILED} outcomes the workload goes on after, never exceptions; {@link Status#UNSUPPORTED}
 * means the OS cannot express the operation at all; {@link Status#BLOCKED} means the operation did
 * part of its work and the process must wait before the rest ({@link #blocked}).
 *
 * @param value operation-specific: a region's start address, a child's pid, the pages a reclaim
 *     lost ({@link #reclaimed})
 * @param code native error name (ENOMEM, ERROR_BUSY) for FAILED; empty otherwise
 */
public record Outcome(Status status, long value, String code, String message) {
  /** How an operation ended. */
  public enum Status {
    OK,
    FAILED,
    UNSUPPORTED,
    /** Part done; the process waits; the engine calls again for the rest ({@link #blocked}). */
    BLOCKED
  }

  public Outcome {
    Objects.requireNonNull(status, "status is null");
    code = code == null ? "" : code;
    message = message == null ? "" : message;
  }

  public static Outcome ok() {
    return new Outcome(Status.OK, 0, "", "");
  }

  public static Outcome ok(long value) {
    return new Outcome(Status.OK, value, "", "");
  }

  public static Outcome ok(long value, String message) {
    return new Outcome(Status.OK, value, "", message);
  }

  /**
   * The answer to {@link Op.Reclaim}, the one rule every model follows whatever its native call
   * returns: OK once the range is usable again, with {@code value} the pages whose contents were
   * lost (discarded while offered or volatile; they read zero). 0 means everything survived
   * (Windows ERROR_SUCCESS, macOS old state VOLATILE); more means some did not (ERROR_BUSY, old
   * state EMPTY, MADV_FREE pages reclaimed). FAILED is for a reclaim the OS refused outright, not
   * for lost contents. The engine counts {@code ops.reclaim.survived} or {@code ops.reclaim.lost}
   * from it.
   */
  public static Outcome reclaimed(long pagesLost) {
    if (pagesLost < 0) {
      throw new IllegalArgumentException("a reclaim cannot lose " + pagesLost + " pages");
    }
    return new Outcome(
        Status.OK, pagesLost, "", pagesLost == 0 ? "" : pagesLost + " pages lost their contents");
  }

  /**
   * The operation did {@code done} units of its work (pages of a {@link Op.FileIo}; 0 for any other
   * operation) and cannot go on now: the model has first made the process wait ({@link
   * Kernel#waitForRead}, {@link Kernel#block(Proc)}, {@link Kernel#block(Proc, long)}) or give way
   * ({@link Kernel#yield}). When the process runs again the engine calls the same method with
   * {@link Op#remaining Op.remaining(done)}: the same operation when nothing was done, the pages
   * after the first {@code done} for a file operation. The model keeps no continuation: what it
   * needs to go on (a page now in its cache) is in its own state.
   *
   * <p>This is how a large {@code read-file} streams page by page, each missing page a disk read
   * during which the other processes run. An operation that finished but wants the process to wait
   * before its next step simply blocks it and answers OK.
   */
  public static Outcome blocked(long done) {
    if (done < 0) {
      throw new IllegalArgumentException("an operation cannot have done " + done + " units");
    }
    return new Outcome(Status.BLOCKED, done, "", "");
  }

  public static Outcome failed(String code, String message) {
    return new Outcome(Status.FAILED, 0, code, message);
  }

  public static Outcome unsupported(String system, String op) {
    return new Outcome(Status.UNSUPPORTED, 0, "", "unsupported on " + system + ": " + op);
  }

  /** For a model whose issue has not landed yet: an error, never a fake result. */
  public static Outcome notImplemented(String system, String op) {
    return new Outcome(Status.UNSUPPORTED, 0, "", "not implemented yet on " + system + ": " + op);
  }

  public boolean isOk() {
    return status == Status.OK;
  }
}

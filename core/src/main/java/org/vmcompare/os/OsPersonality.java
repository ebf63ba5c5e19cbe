package org.vmcompare.os;

import java.util.List;
import java.util.Map;
import org.vmcompare.hw.FaultKind;
import org.vmcompare.metrics.MetricSpec;
import org.vmcompare.vm.Region;

/**
 * One simulated OS memory manager; one instance per run, built by its Guice module.
 *
 * <p>The machine's mechanism (frames, page tables, TLB, reverse map, backing stores) is core's; the
 * policy (which frames are free, on which lists pages sit, what to reclaim, when to kill) is the
 * personality's. Every portable operation is one method whose default answers {@link
 * Outcome#unsupported}, so a model states what it supports by overriding.
 */
public interface OsPersonality {
  /** The system's registry name: "linux", "windows", "macos", "textbook". */
  String name();

  /** Once per run, before any process: take the machine, build lists, schedule daemons. */
  void boot(Kernel kernel);

  /** A new process is about to run (its address space exists, empty). */
  default void processCreated(Proc p) {}

  default Outcome allocate(Proc p, Op.Allocate op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome commit(Proc p, Op.Commit op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome share(Proc p, Op.Share op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome mapFile(Proc p, Op.MapFile op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome fileIo(Proc p, Op.FileIo op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome release(Proc p, Op.Release op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome offer(Proc p, Op.Offer op) {
    return Outcome.unsupported(name(), op.name());
  }

  /** Answers {@link Outcome#reclaimed}(pages lost): one rule for every OS's native answer. */
  default Outcome reclaim(Proc p, Op.Reclaim op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome fork(Proc parent, Op.Fork op) {
    return Outcome.unsupported(name(), op.name());
  }

  /** Tears down the process's memory; core then frees its page tables. */
  default Outcome exit(Proc p, Op.Exit op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome dropCaches(Proc p, Op.DropCaches op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome protect(Proc p, Op.Protect op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome unmap(Proc p, Op.Unmap op) {
    return Outcome.unsupported(name(), op.name());
  }

  default Outcome nativeCall(Proc p, Op.Native op) {
    return Outcome.unsupported(name(), op.name());
  }

  /**
   * Called when translation fails. Installs a PTE (then {@link FaultResult#RESOLVED}) or reports a
   * fatal fault. {@code region} is null when the address lies in no region.
   */
  FaultResult handleFault(Proc p, long vaddr, int access, FaultKind kind, Region region);

  /**
   * Whether named shared memory keeps its contents after the last process using it is gone. POSIX
   * shared memory (Linux, macOS) lives until shm_unlink, so the default is true; a Windows named
   * section is deleted with its last handle and view, and the same name then makes a new, zeroed
   * one. The check's reference model follows the answer.
   */
  default boolean sharedMemoryOutlivesItsUsers() {
    return true;
  }

  /**
   * Whether a released page keeps its contents until the OS reclaims it. Linux's MADV_DONTNEED and
   * Windows' DiscardVirtualMemory drop them at once, so the default is false and a released private
   * page reads zero. macOS's MADV_FREE_REUSABLE only marks the pages clean and takes them out of
   * the footprint: a page reads its last write until the pageout scan frees it, then zero. The
   * check's reference model follows the answer (a released page then reads its last write or zero).
   */
  default boolean releaseKeepsContentsUntilReclaimed() {
    return false;
  }

  /**
   * Free pages below which the system starts reclaiming on its own, with no process short of memory
   * (Linux: the low watermark, when kswapd wakes; macOS: vm_page_free_min, when the pageout daemon
   * wakes). The check's no-pressure invariant ("nothing evicted with room to spare") applies only
   * to experiments that leave at least this many pages free. 0 by default: a system that reclaims
   * only when an allocation finds no free page.
   */
  default long reclaimsBelowFreePages() {
    return 0;
  }

  /**
   * Whether an offered page stays discardable when the process writes it before reclaiming it.
   * Linux's MADV_FREE keeps a page the process writes again (the dirty bit cancels the free), so
   * the default is false and a written offered page reads its last write. macOS's VOLATILE
   * purgeable object is emptied whole, written or not, until it is made NONVOLATILE again. The
   * check's reference model follows the answer (such a page then reads its last write or zero until
   * reclaimed).
   */
  default boolean offeredStaysDiscardableWhenWritten() {
    return false;
  }

  /**
   * What the native call {@code op} does to the data of its range, for the check's reference model
   * (which otherwise takes a native call to change nothing it can read back). Asked only after the
   * call succeeded.
   */
  default NativeEffect nativeEffect(Op.Native op) {
    return NativeEffect.NONE;
  }

  /**
   * Opt-in: true if the model must see every reference (exact LRU of the textbook baseline). The
   * real-OS models leave it false and work from accessed bits, as the kernels do. The engine asks
   * once, right after {@link #boot}, so the answer may depend on what boot decided (textbook CLOCK
   * answers false).
   */
  default boolean observesEveryReference() {
    return false;
  }

  /** Every reference, before translation, when {@link #observesEveryReference()} is true. */
  default void onReference(Proc p, long vpn, int access) {}

  /**
   * Opt-in: true if the model wants {@link #prefetchFault} hints. The engine asks once, right after
   * {@link #boot}; a model that answers false (the default) costs the reference loop nothing.
   */
  default boolean prefetchesFaults() {
    return false;
  }

  /**
   * A hint with no simulated effect: a reference of {@code p} to {@code vpn}, a few references
   * ahead in its stream, found its PTE not present when the engine loaded it ahead of time, so it
   * will probably fault. The model may load into the host's caches what its fault handler will read
   * for that page (its per-page record in a VM object, a swap slot), so that the fault does not
   * wait for memory there. It must not change, count, charge or allocate anything: whether or not
   * it is called, and whatever it loads, every result is the same.
   */
  default void prefetchFault(Proc p, long vpn) {}

  /**
   * {@link #prefetchFault(Proc, long)} with the not-present PTE as the engine loaded it, so that a
   * model whose hint starts from the PTE need not read it again. The default ignores it.
   */
  default void prefetchFault(Proc p, long vpn, long pte) {
    prefetchFault(p, vpn);
  }

  /** Native introspection views by view name ("proc/123/maps", "rammap", "vmmap/42"). */
  default Map<String, String> views(ViewRequest request) {
    return Map.of();
  }

  /**
   * The metrics this model keeps for each process, in display order, with units (RSS, PSS, working
   * set, commit charge, footprint, and whether their peaks are kept). Asked once, after {@link
   * #boot}; the model then updates them through {@link Proc#metrics()}, and the results carry them
   * per process. Gauges (free memory, list sizes) are registered with {@code Metrics.registerGauge}
   * in {@code boot} instead.
   */
  default List<MetricSpec> processMetrics() {
    return List.of();
  }

  /**
   * The model's own books, checked: what is wrong with them now, one line a problem, or an empty
   * list. The check engine calls it between steps and after the run (frame conservation), so a
   * model says here what only it knows: every frame on exactly one of its lists, list lengths that
   * add up to the frames it manages, counters that agree with its lists. Default: nothing to say.
   */
  default List<String> audit() {
    return List.of();
  }

  /** Where this model simplifies the real OS; printed in every report. */
  default List<String> simplifications() {
    return List.of();
  }
}

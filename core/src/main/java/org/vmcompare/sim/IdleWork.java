package org.vmcompare.sim;

/**
 * Background work of the lowest priority, done only while the one simulated CPU would otherwise be
 * idle: the Windows zero page thread, the macOS compressor's background work. A model registers it
 * with {@link EventQueue#idle}; the engine calls it when no process is runnable, before it lets the
 * clock jump to the next event or wake-up.
 *
 * <p>Why a separate kind of work and not an event: an event runs at a time whatever the processes
 * do, so a zero page thread written as one would steal CPU time from runnable processes. Idle work
 * only fills time nobody else wants.
 */
@FunctionalInterface
public interface IdleWork {
  /**
   * Does one small piece of the work (one page zeroed, one segment compacted), charging the clock
   * for it if the model wants its cost felt. The engine checks for due events and runnable
   * processes between slices, so a slice should be short.
   *
   * @return true if it did something (and may have more); false when there is nothing to do, which
   *     lets the clock jump
   */
  boolean runSlice();
}

package org.vmcompare.linux;

import org.vmcompare.state.StateKey;

/**
 * A struct file_ra_state: the last readahead window of one open file — a mapping (kept on its
 * region) or a process's read() of a file. {@code asyncSize} pages before the window's end sits the
 * page marked PG_readahead, whose touch starts the next window.
 */
final class RaWindow {
  /** The window of a mapped file, on its region (each mmap is its own struct file). */
  static final StateKey<RaWindow> KEY = StateKey.of("linux.ra", RaWindow.class);

  long start;
  long size;
  long asyncSize;

  /** The page whose PG_readahead mark the window set. */
  long marker() {
    return start + size - asyncSize;
  }
}

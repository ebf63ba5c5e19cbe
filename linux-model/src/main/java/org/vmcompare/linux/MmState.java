package org.vmcompare.linux;

import org.vmcompare.os.Proc;
import org.vmcompare.state.StateKey;

/**
 * A process's mm_struct counters (MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, MM_SWAPENTS), kept up
 * to date wherever a page is mapped into or unmapped from its page table, and the fault being
 * retried after the process waited for I/O.
 */
final class MmState {
  static final StateKey<MmState> KEY = StateKey.of("linux.mm", MmState.class);

  private final Proc proc;
  private long anon;
  private long file;
  private long shmem;
  private long swapEntries;

  /** VPN of a fault that blocked on I/O and will be issued again (FAULT_FLAG_TRIED), or -1. */
  long retryVpn = -1;

  private MmState(Proc proc) {
    this.proc = proc;
  }

  /** Attaches a fresh state to a new process. */
  static MmState attach(Proc p) {
    MmState s = new MmState(p);
    p.modelState().put(KEY, s);
    return s;
  }

  static MmState of(Proc p) {
    return p.modelState().require(KEY);
  }

  void addAnon(long pages) {
    anon += pages;
    proc.metrics().add(LinuxMetrics.RSS, pages);
  }

  void addFile(long pages) {
    file += pages;
    proc.metrics().add(LinuxMetrics.RSS, pages);
  }

  void addShmem(long pages) {
    shmem += pages;
    proc.metrics().add(LinuxMetrics.RSS, pages);
  }

  void addSwapEntries(long entries) {
    swapEntries += entries;
  }

  long anon() {
    return anon;
  }

  long file() {
    return file;
  }

  long shmem() {
    return shmem;
  }

  long swapEntries() {
    return swapEntries;
  }

  /** get_mm_rss: every resident page of the process. */
  long rss() {
    return anon + file + shmem;
  }
}

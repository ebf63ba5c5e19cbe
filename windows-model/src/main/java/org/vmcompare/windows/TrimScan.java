package org.vmcompare.windows;

import java.util.Objects;
import org.vmcompare.hw.PageTable;

/**
 * MiTrimWorkingSet (WRK base/ntos/mm/wslist.c): the scan that takes a given number of entries of at
 * least a given age out of a working set, from its hand, passing over entries whose accessed bit is
 * set and going round once at most. The working set manager's trim passes use it, and so does a
 * fault's forced trim (MiDoReplacement's ForceTrim).
 */
final class TrimScan {
  private final Nt nt;
  private final PageLists pfn;
  private final WorkingSetManager wsm;

  /** The VPNs of the block of scan candidates being loaded ({@link #prefetchCandidates}). */
  private final long[] candidateVpns = new long[WorkingSetManager.AGING_BLOCK];

  TrimScan(Nt nt, PageLists pfn, WorkingSetManager wsm) {
    this.nt = Objects.requireNonNull(nt, "nt is null");
    this.pfn = Objects.requireNonNull(pfn, "pfn is null");
    this.wsm = Objects.requireNonNull(wsm, "wsm is null");
  }

  /** Whether a desperate trim has done enough: what it needed, and a page to take or write. */
  boolean enough(long trimmed, long need) {
    if (trimmed < need) {
      return false;
    }
    return pfn.available() > 0 || pfn.size(PageLists.MODIFIED) > 0 && nt.pagefile.free() > 0;
  }

  /**
   * Takes up to {@code quota} entries of at least {@code minAge} (0: any age), then compacts a
   * process's list if it has grown sparse. With {@code desperate} it stops as soon as {@code
   * before} + what it took reaches {@code need} and a page can be had ({@link #enough}). Returns
   * the entries taken.
   */
  long take(WorkingSet ws, long quota, int minAge, long before, long need, boolean desperate) {
    long done = 0;
    PageTable pt = ws.proc == null ? null : ws.proc.space().pageTable();
    // MiTrimWorkingSet takes an entry of the pass's age only if its PTE's accessed bit is clear
    // (referenced since its last aging, it stays), and goes round the working set once at most
    long passed = 0;
    long candidates = minAge > 0 ? ws.atLeast(minAge) : 0;
    int ahead = 0;
    while (done < quota && ws.size() > 0 && !(desperate && enough(before + done, need))) {
      int i = wsm.clockVictim(ws, minAge);
      if (i < 0) {
        break;
      }
      if (pt != null && --ahead <= 0) {
        ahead = prefetchCandidates(ws, pt, i, minAge);
      }
      if (minAge > 0 && WorkingSetManager.accessed(ws, pt, i)) {
        if (++passed >= candidates) {
          break;
        }
        ws.hand = i + 1 == ws.slots() ? 0 : i + 1;
        continue;
      }
      wsm.trim(ws, i);
      done++;
    }
    wsm.settle();
    if (ws.proc != null) {
      ws.compactIfSparse();
    }
    return done;
  }

  /**
   * A hint with no effect on what is trimmed: the PTEs of the next {@link
   * WorkingSetManager#AGING_BLOCK} entries of at least {@code minAge} from {@code from} on, loaded
   * together (their VPNs first, then the PTEs), so that the scan's tests of their accessed bits and
   * the trims' PTE updates find them in the cache instead of waiting for memory one entry at a time
   * (a trim leaves a hole, so the scan meets these entries in this order). Returns how many it
   * loaded, at least one. With each private page's PTE go its frame's PFN record, list link and
   * pagefile slot, which the trim updates.
   */
  private int prefetchCandidates(WorkingSet ws, PageTable pt, int from, int minAge) {
    int size = ws.slots();
    int k = 0;
    long travelled = 0;
    int i = from;
    long sum = 0;
    while (k < WorkingSetManager.AGING_BLOCK) {
      int j = ws.nextAtLeast(i, minAge);
      if (j < 0) {
        break;
      }
      travelled += (j >= i ? j - i : j + size - i) + 1;
      if (travelled > size) {
        break;
      }
      candidateVpns[k++] = ws.vpn(j);
      int f = ws.privateFrame(j);
      if (f >= 0) {
        sum += nt.memory.flags(f) + pfn.listOf(f) + pfn.slot(f);
      }
      i = j + 1 == size ? 0 : j + 1;
    }
    prefetchSink += sum;
    nt.machine.prefetchPtes(pt, candidateVpns, k);
    return Math.max(1, k);
  }

  /** What {@link #prefetchCandidates} loaded, kept so the loads cannot be optimised away. */
  private long prefetchSink;
}

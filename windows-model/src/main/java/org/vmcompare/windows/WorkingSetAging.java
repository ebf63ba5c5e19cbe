package org.vmcompare.windows;

import java.util.Arrays;
import java.util.List;
import org.vmcompare.hw.PageTable;

/**
 * MiAgeWorkingSet (WRK base/ntos/mm/wsmanage.c): aging a slice of a working set from its own PTEs'
 * accessed bits, and the sampled estimate of its unused pages that the claim follows. The working
 * set manager calls it in every run that ages and after every visit of a trim pass; which pages go
 * is {@link TrimPasses}'s business.
 */
final class WorkingSetAging {
  private final Nt nt;

  /** Entries aged, or sampled, at a time (their PTEs loaded together). */
  private static final int BLOCK = WorkingSetManager.AGING_BLOCK;

  /** The VPNs of the block of entries being aged, and their slots. */
  private final long[] agingVpns = new long[BLOCK];

  private final int[] agingSlots = new int[BLOCK];

  WorkingSetAging(Nt nt) {
    this.nt = nt;
  }

  /** MiAgeWorkingSet with DoAging on every working set: a slice aged, then a new estimate. */
  void age(List<WorkingSet> sets) {
    for (WorkingSet ws : sets) {
      age(ws, true);
    }
  }

  /**
   * MiAgeWorkingSet (WRK base/ntos/mm/wsmanage.c): with {@code doAging} a slice of the working set
   * is aged, and then, always, its claim and estimate are made anew ({@link #estimate}).
   */
  void age(WorkingSet ws, boolean doAging) {
    if (doAging) {
      ageSlice(ws);
    }
    estimate(ws);
  }

  /** One aging pass over a slice of one working set. */
  private void ageSlice(WorkingSet ws) {
    int maxAge = nt.options.maxAge();
    int size = ws.size();
    if (size == 0) {
      return;
    }
    long slice = Math.min(nt.options.agingMaxEntries(), Math.max(1, size >> nt.agingShift));
    PageTable pt = ws.proc == null ? null : ws.proc.space().pageTable();
    int slots = ws.slots();
    int i = ws.nextValid(ws.agingSlot < slots ? ws.agingSlot : 0);
    for (long n = 0; n < slice; n += BLOCK) {
      // a block's VPNs first, then their PTEs tested and cleared together (the entries are in no
      // VPN order, so each PTE would otherwise be a wait for memory of its own), then the ages;
      // holes are passed over (MI_NEXT_VALID_AGING_SLOT)
      int block = (int) Math.min(BLOCK, slice - n);
      for (int j = 0; j < block; j++) {
        agingSlots[j] = i;
        agingVpns[j] = ws.vpn(i);
        i = ws.nextValid(i + 1 == slots ? 0 : i + 1);
      }
      long referenced = 0;
      if (pt != null) {
        referenced = nt.machine.testAndClearAccessed(pt, agingVpns, block, true);
      }
      for (int j = 0; j < block; j++) {
        i = agingSlots[j];
        boolean accessed =
            pt == null
                ? ws.system.testAndClearAccessed(agingVpns[j])
                : (referenced & (1L << j)) != 0;
        if (accessed) {
          ws.setAge(i, 0);
        } else if (ws.age(i) < maxAge) {
          ws.setAge(i, ws.age(i) + 1);
        }
        ws.agingSlot = i + 1 == slots ? 0 : i + 1;
      }
      i = ws.nextValid(ws.agingSlot);
    }
    nt.metrics.add(nt.wsAged, slice);
  }

  /** MI_MAXIMUM_SAMPLE and MI_MINIMUM_SAMPLE (WRK base/ntos/mm/wsmanage.c). */
  private static final int MAX_SAMPLE = 8192;

  private static final int MIN_SAMPLE = 64;

  /** MI_CLAIM_INCR (WRK base/ntos/mm/mi.h): how far the claim may grow an estimation. */
  static final long CLAIM_INCR = 30;

  private final int[] sampleSlots = new int[BLOCK];
  private final long[] sampleVpns = new long[BLOCK];
  private final long[] sampledAges = new long[8];

  /**
   * MiAgeWorkingSet's estimation: a sample of (working-set size >> MiEstimationShift) entries,
   * MiEstimationShift being the aging shift + 1, at least 64 and at most 8,192 (with the WRK's
   * counter shifts for both bounds, MI_MINIMUM_SAMPLE_SHIFT 7 included), taken with a stride of
   * 2^MiEstimationShift slots from NextEstimationSlot so that it is independent of aging and
   * trimming (MI_NEXT_VALID_ESTIMATION_SLOT). The entries whose accessed bit is clear are counted
   * by age; the estimate is those of age >= 1, shifted back up to the working set's size
   * (MI_CALCULATE_USAGE_ESTIMATE), and the claim becomes min(claim + 30, estimate). Reads accessed
   * bits, clears none.
   */
  void estimate(WorkingSet ws) {
    int size = ws.size();
    Arrays.fill(sampledAges, 0);
    if (size > 0) {
      int shift = nt.agingShift + 1;
      int toExamine = size >> shift;
      int sampleSize = size;
      int counterShift = 0;
      if (toExamine > MAX_SAMPLE) {
        toExamine = MAX_SAMPLE;
        sampleSize = MAX_SAMPLE;
        counterShift = bitLength(size >> 7);
      } else if (toExamine >= MIN_SAMPLE) {
        sampleSize = toExamine;
        counterShift = shift;
      } else if (size > MIN_SAMPLE) {
        sampleSize = MIN_SAMPLE;
        counterShift = bitLength(size >> 7);
      }
      sample(ws, sampleSize, toExamine, 1 << shift);
      long unused = 0;
      for (int a = 1; a < sampledAges.length; a++) {
        unused += sampledAges[a];
      }
      ws.estimate = unused << counterShift;
    } else {
      ws.estimate = 0;
    }
    ws.claim = Math.min(ws.claim + CLAIM_INCR, ws.estimate);
    ws.growthSinceEstimate = 0;
  }

  private static int bitLength(int v) {
    return 32 - Integer.numberOfLeadingZeros(v);
  }

  /** Counts by age the unaccessed entries of the sample, walking it as the WRK does. */
  private void sample(WorkingSet ws, int sampleSize, int toExamine, int stride) {
    PageTable pt = ws.proc == null ? null : ws.proc.space().pageTable();
    int last = ws.slots() - 1;
    int cur = ws.nextEstimationSlot;
    if (cur > last) {
      cur = 0;
    }
    int start = 0;
    if (!ws.valid(cur)) {
      long walk = nextEstimationSlot(ws, cur, start, last, stride);
      cur = (int) walk;
      start = (int) (walk >>> 32);
    }
    for (int i = 0; i < sampleSize; i += BLOCK) {
      int block = Math.min(BLOCK, sampleSize - i);
      for (int j = 0; j < block; j++) {
        sampleSlots[j] = cur;
        sampleVpns[j] = ws.vpn(cur);
        if (i + j == toExamine - 1) {
          ws.nextEstimationSlot = cur + 1; // start here next time
        }
        long walk = nextEstimationSlot(ws, cur, start, last, stride);
        cur = (int) walk;
        start = (int) (walk >>> 32);
      }
      if (pt != null) {
        nt.machine.prefetchPtes(pt, sampleVpns, block);
      }
      for (int j = 0; j < block; j++) {
        if (!WorkingSetManager.accessedVpn(ws, pt, sampleVpns[j])) {
          sampledAges[ws.age(sampleSlots[j])]++;
        }
      }
    }
  }

  /**
   * MI_NEXT_VALID_ESTIMATION_SLOT: a stride on from {@code cur}; past the last slot, the walk
   * starts again at the slot after where it last started. Returns the slot in the low 32 bits and
   * the new start in the high ones.
   */
  private static long nextEstimationSlot(WorkingSet ws, int cur, int start, int last, int stride) {
    do {
      cur += stride;
      if (cur > last) {
        start++;
        cur = start;
      }
      if (cur > last) {
        start = 0;
        cur = 0;
      }
    } while (!ws.valid(cur));
    return ((long) start << 32) | cur;
  }
}

package org.vmcompare.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.vmcompare.hw.PageTable;

/**
 * One process's virtual address space: its page table and its regions (Linux's mm_struct, Windows'
 * VAD tree, XNU's vm_map). Region lookup is off the hot path (only on faults).
 *
 * <p>New regions are placed first-fit from {@link #MMAP_BASE} upward, so the same workload gets the
 * same addresses on every OS model and every run.
 */
public final class AddressSpace {
  /** Where placement starts: above the traditional 0x400000 executable base. */
  public static final long MMAP_BASE = 0x10_0000_0000L;

  private final PageTable pageTable;
  private final NavigableMap<Long, Region> regions = new TreeMap<>();

  /**
   * The region {@link #find} returned last, or null: faults come in runs on one region (a trace
   * replays into one, a touch step walks one), and this answers them without boxing a key and
   * descending the tree. A region's bounds never change, so it is right while the region is in the
   * map; {@link #remove} forgets it.
   */
  private Region lastFound;

  private final long baseVpn;
  private final long topVpn;

  public AddressSpace(PageTable pageTable) {
    this.pageTable = Objects.requireNonNull(pageTable, "pageTable is null");
    int shift = pageTable.mode().pageShift();
    long base = Math.min(MMAP_BASE, pageTable.mode().userTop() / 4);
    this.baseVpn = base >>> shift;
    this.topVpn = (pageTable.mode().userTop() >>> shift) + 1;
  }

  public PageTable pageTable() {
    return pageTable;
  }

  public int asid() {
    return pageTable.asid();
  }

  /** The region containing a VPN, or null (a segmentation fault / access violation). */
  public Region find(long vpn) {
    Region last = lastFound;
    if (last != null && last.contains(vpn)) {
      return last;
    }
    Map.Entry<Long, Region> e = regions.floorEntry(vpn);
    if (e == null) {
      return null;
    }
    Region r = e.getValue();
    if (!r.contains(vpn)) {
      return null;
    }
    lastFound = r;
    return r;
  }

  /** A region by its workload label, or null. */
  public Region byLabel(String label) {
    for (Region r : regions.values()) {
      if (label.equals(r.label())) {
        return r;
      }
    }
    return null;
  }

  /** First free VPN range of {@code pages} pages, aligned to {@code alignPages}; -1 if none. */
  public long findFree(long pages, long alignPages) {
    long candidate = align(baseVpn, alignPages);
    for (Region r : regions.tailMap(baseVpn, true).values()) {
      if (candidate + pages <= r.startVpn()) {
        break;
      }
      candidate = Math.max(candidate, align(r.endVpn(), alignPages));
    }
    return candidate + pages <= topVpn ? candidate : -1;
  }

  /** Whether [start, start+pages) lies in user space and overlaps no region. */
  public boolean isFree(long startVpn, long pages) {
    if (startVpn < 0 || startVpn + pages > topVpn) {
      return false;
    }
    Map.Entry<Long, Region> before = regions.floorEntry(startVpn + pages - 1);
    return before == null || before.getValue().endVpn() <= startVpn;
  }

  public void add(Region region) {
    if (!isFree(region.startVpn(), region.pages())) {
      throw new IllegalArgumentException(
          "region " + region + " overlaps another or leaves user space");
    }
    regions.put(region.startVpn(), region);
  }

  public void remove(Region region) {
    if (regions.get(region.startVpn()) != region) {
      throw new IllegalArgumentException("region " + region + " is not in this address space");
    }
    regions.remove(region.startVpn());
    if (lastFound == region) {
      lastFound = null;
    }
  }

  /** Regions in address order (a copy; safe to modify the space while iterating it). */
  public List<Region> regions() {
    return new ArrayList<>(regions.values());
  }

  public long userTopVpn() {
    return topVpn;
  }

  private static long align(long vpn, long alignPages) {
    if (alignPages <= 1) {
      return vpn;
    }
    return (vpn + alignPages - 1) / alignPages * alignPages;
  }
}
